// Package index numbers the distinct strings of a text's words in order of first
// appearance, reusably and without a Go map: the pipeline's stages do this for every
// text, where making or clearing a map cost more than the look-ups.
package index
