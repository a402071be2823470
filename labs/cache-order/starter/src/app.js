// The lab app: it sets up an Express app, prints one line and exits.
// (It does not call app.listen(): a server that never exits could not be graded by its output.)
const express = require('express');
const _ = require('lodash');
const utils = require('./utils');
const config = require('./config');

const app = express();
app.get('/', (req, res) => res.send(`${config.name} ok`));

const words = _.map(['cache', 'test', 'app'], utils.shout);
console.log(`${config.name} app ready`);
console.log(`words: ${words.join(' ')}`);
