// Package wecom reads WeCom (企业微信) JSON: Parse turns a decrypted chat-archive message
// (会话内容存档: msgid, action, from, tolist, roomid, msgtime in milliseconds, msgtype and
// the body named after it) or an external-contact change event (the
// change_external_contact callback in JSON form: ToUserName, CreateTime, Event,
// ChangeType, UserID, ExternalUserID …, optionally with the external_contact object of
// externalcontact/get the collector attaches) into event.Mentions.
//
// A text message keeps its content; other message types become a short placeholder such
// as "[图片]" or "[文件] 报价单.pdf". A switch record (the user changed device) holds no
// mention: Parse returns an empty slice and no error. A message's thread is its group chat
// (roomid) or, for a one-to-one chat, the pair of its participants (SingleChatID); a
// customer event's thread is the one-to-one chat between the staff member and the
// customer, and its account is the external contact.
//
// Collectors: Callback (an http.Handler) verifies msg_signature, decrypts AES-256-CBC
// customer-contact and group-chat events and spools them (fsynced) before answering;
// EventSource drains the spool, completing add/edit events with externalcontact/get.
// ArchiveSource reads the chat archive through the SDK interface (the C SDK behind
// ingest/wecom/sdkbridge), unwrapping each message key with the RSA key of its
// publickey_ver in pure Go; its cursor is the archive seq. See docs/collectors.md.
package wecom
