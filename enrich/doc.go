// Package enrich is Lingting's enrichment stage: it turns a collected event.Mention into an
// enriched one. Steps, in order: Unicode normalisation and a language tag; extraction of
// #hashtags#, @mentions, URLs, [表情] emoticons and emoji (before segmentation, which would
// split them); gse word segmentation with the configured brand names in its user
// dictionary; brand matching; and sentiment from the project's own model
// (enrich/sentiment). A Weibo repost chain ("my words //@a: their words") is split: the
// author's own words decide the sentiment, the quoted chain counts for less.
//
// Pipeline.Enrich is deterministic: the same mention and configuration give the same
// enriched record, in embedded and distributed runs alike. Pipeline.Handler plugs the stage
// into a bus consumer.
package enrich
