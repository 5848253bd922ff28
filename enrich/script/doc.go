// Package script converts traditional Chinese characters to simplified ones, so that
// traditional posts are segmented, matched and scored with the simplified dictionary and
// model.
package script
