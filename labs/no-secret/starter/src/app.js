// vendor/greeter is downloaded at build time from the private registry (see registry/fetch.js).
const greeter = require('../vendor/greeter');

console.log(greeter.hello('secret-demo'));
console.log('secret-demo app ready');
