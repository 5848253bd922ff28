// Package simulate is a deterministic generator of social-media traffic in the platforms'
// own JSON shapes: Weibo statuses, reposts and comments, Douyin videos and comments, WeCom
// chat-archive messages and external-contact events. The real parsers (packages weibo,
// douyin, wecom) read what it produces, so the simulator exercises the whole pipeline
// without credentials.
//
// A Source is an ingest.Source whose cursor is the batch index. Each batch covers
// Config.Step of simulated time from Config.Start; its content is a pure function of the
// Config and the index (every batch draws from its own random stream derived from Seed and
// the index), so the same seed and cursor give byte-identical batches whatever was fetched
// before. That is what makes restarts and the embedded-versus-distributed comparison
// reproducible.
//
// The traffic follows daily and weekly seasonality, spreads over several brands and a
// fixed population of persons (some with accounts on two or three platforms, plus traps:
// namesakes, and people who changed nickname), and carries scripted crises: bursts of
// negative mentions about one brand, with a root post, reposts and pile-on comments.
// Persons on several platforms leave imperfect identity evidence (identity.go): related
// nicknames for most, and for a share a phone number, an e-mail or a declared handle
// written in WeCom chats and comments.
// Truth returns the person → accounts ground truth, and Label the intended sentiment of
// any generated mention.
package simulate
