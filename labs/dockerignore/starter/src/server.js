const fs = require('fs');
const path = require('path');
const express = require('express');
const routes = require('./routes');

const app = express();
routes.register(app);

// The app reads its settings from the environment at run time, never from a .env file in the image.
const leftovers = ['.env', '.git', 'logs', 'coverage'].filter((p) => fs.existsSync(path.join(__dirname, '..', p)));
console.log(`ignore-demo app ready (${routes.count} routes)`);
if (leftovers.length) console.log(`warning: found ${leftovers.join(', ')} next to the app`);
