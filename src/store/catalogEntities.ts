import { Certificate } from '../entities/Certificate';
import { Container } from '../entities/Container';
import { ContainerConfig } from '../entities/ContainerConfig';
import { ContainerDevice } from '../entities/ContainerDevice';
import { ContainerDeviceConfig } from '../entities/ContainerDeviceConfig';
import { ContainerProfile } from '../entities/ContainerProfile';
import { Engine } from '../entities/Engine';
import { Image } from '../entities/Image';
import { ImageAlias } from '../entities/ImageAlias';
import { ImageProperty } from '../entities/ImageProperty';
import { ImageSource } from '../entities/ImageSource';
import { ImageSourceCache } from '../entities/ImageSourceCache';
import { LocalImage } from '../entities/LocalImage';
import { LxdImageSource } from '../entities/LxdImageSource';
import { Network } from '../entities/Network';
import { NetworkConfig } from '../entities/NetworkConfig';
import { Patch } from '../entities/Patch';
import { Profile } from '../entities/Profile';
import { ProfileConfig } from '../entities/ProfileConfig';
import { ProfileDevice } from '../entities/ProfileDevice';
import { ProfileDeviceConfig } from '../entities/ProfileDeviceConfig';
import { Registry } from '../entities/Registry';
import { RegistryListing } from '../entities/RegistryListing';
import { RegistryListingItem } from '../entities/RegistryListingItem';
import { RegistryRepository } from '../entities/RegistryRepository';
import { SchemaVersion } from '../entities/SchemaVersion';
import { Seed } from '../entities/Seed';
import { ServerConfig } from '../entities/ServerConfig';
import { StoragePool } from '../entities/StoragePool';
import { StoragePoolConfig } from '../entities/StoragePoolConfig';
import { StorageVolume } from '../entities/StorageVolume';
import { StorageVolumeConfig } from '../entities/StorageVolumeConfig';

/** Every entity of the catalog, passed explicitly to the DataSource (bundles cannot glob). */
export const catalogEntities = [
  // Container Kit (seed 000) + registries feature
  Registry, RegistryRepository, RegistryListing, RegistryListingItem, Seed,
  // Wsl-Manager (seed 001)
  ImageSource, LocalImage, ImageSourceCache,
  // LXD (seed 002) + engines
  SchemaVersion, Patch, Engine, Certificate, ServerConfig,
  Container, ContainerConfig, ContainerDevice, ContainerDeviceConfig, ContainerProfile,
  Image, ImageAlias, ImageProperty, LxdImageSource,
  Network, NetworkConfig,
  Profile, ProfileConfig, ProfileDevice, ProfileDeviceConfig,
  StoragePool, StoragePoolConfig, StorageVolume, StorageVolumeConfig,
];
