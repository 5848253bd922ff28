// Package aspect finds the aspects of a product or brand a text talks about (price,
// quality, delivery …) clause by clause, from a configurable taxonomy of trigger terms.
package aspect
