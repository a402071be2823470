export * from './schema';
export * from './loader';
export * from './paths';
export * from './expect';
export * from './version';
