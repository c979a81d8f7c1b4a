/** The queries the product lives on, run verbatim by the store, raw sql.js and better-sqlite3. */

/** Containers using a network: a nic device with `network`/`parent` = ?, directly or via an applied profile. */
export const BR0_SQL = `SELECT c."id", c."name" FROM "containers" c WHERE c."id" IN (
  SELECT d."container_id" FROM "containers_devices_config" dc
    JOIN "containers_devices" d ON d."id" = dc."container_device_id"
   WHERE dc."key" IN ('network', 'parent') AND dc."value" = ? AND d."type" = 1
  UNION
  SELECT cp."container_id" FROM "profiles_devices_config" pc
    JOIN "profiles_devices" pd ON pd."id" = pc."profile_device_id"
    JOIN "containers_profiles" cp ON cp."profile_id" = pd."profile_id"
   WHERE pc."key" IN ('network', 'parent') AND pc."value" = ? AND pd."type" = 1)
ORDER BY c."name"`;

/** One container's tree children: config, devices with their config, profiles in order, snapshots. */
export const TREE_SQL = [
  `SELECT "key", "value" FROM "containers_config" WHERE "container_id" = ? ORDER BY "key"`,
  `SELECT d."id", d."name", d."type", dc."key", dc."value" FROM "containers_devices" d
     LEFT JOIN "containers_devices_config" dc ON dc."container_device_id" = d."id"
    WHERE d."container_id" = ? ORDER BY d."name", dc."key"`,
  `SELECT p."id", p."name", cp."apply_order" FROM "containers_profiles" cp JOIN "profiles" p ON p."id" = cp."profile_id"
    WHERE cp."container_id" = ? ORDER BY cp."apply_order"`,
  `SELECT "id", "name", "creation_date" FROM "containers" WHERE "parent_id" = ? ORDER BY "name"`,
];

export const UPDATE_SQL = `UPDATE "containers_config" SET "value" = ? WHERE "container_id" = ? AND "key" = 'limits.cpu'`;
