// Stands in for Prettier under jest (see jest.config.js): nothing Berth runs calls it.
module.exports = {
  format() {
    throw new Error('prettier is stubbed in the tests');
  },
};
