// Package event holds the leaf value types that flow between Lingting's stages: the raw
// envelope a collector fetched, the normalised Mention with its enrichment, the author
// Account, and the DeadLetter that carries whatever could not be processed, with its reason.
//
// It also owns their wire codec. Every encoded record carries the schema version it was
// written with (field "schema"), so a stage can refuse records from a newer writer instead
// of misreading them.
//
// This package imports nothing of the module; every other package may import it.
package event
