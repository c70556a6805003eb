'use strict';
// The addon as built at install: a missing build (the optional build failed, or not Linux) throws here.
module.exports = require('./build/Release/walk_native.node');
