// Small helpers used by app.js.
function shout(word) {
  return String(word).toUpperCase();
}

module.exports = { shout };
