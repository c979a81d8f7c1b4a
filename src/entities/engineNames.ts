// Apart from the Engine entity so a face can name the local catalog engine without loading TypeORM.

export const LOCAL_CATALOG_ENGINE_NAME = 'local catalog';
