package clickhouse_test

import (
	"context"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// TestRevokedMessagesView: a WeCom revoke record marks the message it names, which keeps
// its row; messages nobody revoked are not listed.
func TestRevokedMessagesView(t *testing.T) {
	conn := chtest.Migrated(t)
	ctx := context.Background()
	at := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	chat := func(native string, i int) event.Mention {
		m := mention("revoke-"+native, i, "", at.Add(time.Duration(i)*time.Minute))
		m.Platform, m.Kind, m.NativeID = event.WeCom, event.Chat, "revoke-"+native
		m.ID = event.ID(event.WeCom, m.NativeID)
		m.Author.Platform, m.Author.ID = event.WeCom, event.ID(event.WeCom, m.Author.NativeID)
		// No brands, hashtags or keywords: nothing of this test may reach the topic rollups
		// that other tests of the shared engine read.
		m.Brands, m.Hashtags, m.Keywords, m.ParentID = nil, nil, nil, ""
		return m
	}
	said, kept, revoke := chat("said", 0), chat("kept", 1), chat("undo", 2)
	revoke.Text, revoke.EventType, revoke.ParentID = "[撤回消息]", "revoke", said.ID
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
	if err := w.WriteMentions(ctx, []event.Mention{said, kept, revoke}); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.Query(ctx, "SELECT id, revoke_id FROM lingting.revoked_messages WHERE id LIKE 'wecom:revoke-%' ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got [][2]string
	for rows.Next() {
		var id, by string
		if err := rows.Scan(&id, &by); err != nil {
			t.Fatal(err)
		}
		got = append(got, [2]string{id, by})
	}
	if len(got) != 1 || got[0] != [2]string{said.ID, revoke.ID} {
		t.Fatalf("revoked messages = %v, want only %s revoked by %s", got, said.ID, revoke.ID)
	}
	if n := queryUint64(t, conn, "SELECT count() FROM lingting.mentions FINAL WHERE id = ?", said.ID); n != 1 {
		t.Errorf("the revoked message has %d rows, want it kept", n)
	}
}
