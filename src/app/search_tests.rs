//! update() tests of the search overlay: results are handed in as the worker would.
