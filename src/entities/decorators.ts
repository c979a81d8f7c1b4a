// TypeORM's decorators from their own modules, not from the package's index: the index loads all of TypeORM
// (query builders, every driver's glue, about 2.9 MB), which an entity class needs only once the store opens.
// The views import entity classes and the cores that use them at activation; with these, that costs only the
// decorators and TypeORM's metadata storage. The store's DataSource (src/store) reads the same storage.
export { Column } from 'typeorm/decorator/columns/Column.js';
export { PrimaryColumn } from 'typeorm/decorator/columns/PrimaryColumn.js';
export { PrimaryGeneratedColumn } from 'typeorm/decorator/columns/PrimaryGeneratedColumn.js';
export { Entity } from 'typeorm/decorator/entity/Entity.js';
export { Index } from 'typeorm/decorator/Index.js';
export { JoinColumn } from 'typeorm/decorator/relations/JoinColumn.js';
export { ManyToOne } from 'typeorm/decorator/relations/ManyToOne.js';
export { OneToMany } from 'typeorm/decorator/relations/OneToMany.js';
