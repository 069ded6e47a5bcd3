// Type shims for packages that ship no types.
declare module 'benny';
declare module 'ml-svm';
declare module 'libsvm-js/asm';
declare module 'libsvm-js/wasm';
declare module 'libsvm-js';
