// App settings.
module.exports = {
  name: 'cache-test',
};
