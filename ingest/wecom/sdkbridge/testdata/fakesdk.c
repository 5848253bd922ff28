/*
 * A test double of WeCom's chat-archive SDK, built from the documented function
 * signatures (../WeWorkFinanceSdk_C.h) so that the cgo bridge really runs in CI.
 *
 * Behaviour:
 *   Init             0 when corpid and secret are non-empty, else 10000 (parameter error);
 *                    the secret must equal $LINGTING_FAKESDK_SECRET when that is set (else 40001).
 *   GetChatData      reads $LINGTING_FAKESDK_CHATDATA: one record per line, "SEQ<TAB>JSON";
 *                    answers {"errcode":0,"errmsg":"ok","chatdata":[JSON…]} with the records
 *                    whose SEQ > seq, at most limit (1–1000, else 10000). When the file
 *                    $LINGTING_FAKESDK_FAIL exists, the call deletes it and returns 10001
 *                    (network error) once.
 *   DecryptData      the message cipher is the double's own: base64(msg XOR key repeated);
 *                    10006 (decryption failed) for bad base64 or an empty key.
 *   GetMediaData     10005 (bad file id): media download is not doubled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "WeWorkFinanceSdk_C.h"

struct WeWorkFinanceSdk_t {
	int inited;
};

WeWorkFinanceSdk_t *NewSdk(void) { return calloc(1, sizeof(WeWorkFinanceSdk_t)); }

void DestroySdk(WeWorkFinanceSdk_t *sdk) { free(sdk); }

int Init(WeWorkFinanceSdk_t *sdk, const char *corpid, const char *secret) {
	const char *want = getenv("LINGTING_FAKESDK_SECRET");
	if (sdk == NULL || corpid == NULL || secret == NULL || !*corpid || !*secret) return 10000;
	if (want != NULL && strcmp(want, secret) != 0) return 40001;
	sdk->inited = 1;
	return 0;
}

Slice_t *NewSlice(void) { return calloc(1, sizeof(Slice_t)); }

void FreeSlice(Slice_t *slice) {
	if (slice == NULL) return;
	free(slice->buf);
	free(slice);
}

char *GetContentFromSlice(Slice_t *slice) { return slice->buf; }

int GetSliceLen(Slice_t *slice) { return slice->len; }

/* append grows slice->buf by n bytes of s. */
static int append(Slice_t *slice, const char *s, size_t n) {
	char *b = realloc(slice->buf, slice->len + n + 1);
	if (b == NULL) return -1;
	memcpy(b + slice->len, s, n);
	slice->len += (int)n;
	b[slice->len] = 0;
	slice->buf = b;
	return 0;
}

int GetChatData(WeWorkFinanceSdk_t *sdk, unsigned long long seq, unsigned int limit,
                const char *proxy, const char *passwd, int timeout, Slice_t *chatDatas) {
	(void)proxy; (void)passwd; (void)timeout;
	if (sdk == NULL || !sdk->inited || chatDatas == NULL || limit == 0 || limit > 1000) return 10000;
	const char *fail = getenv("LINGTING_FAKESDK_FAIL");
	if (fail != NULL && unlink(fail) == 0) return 10001;
	const char *path = getenv("LINGTING_FAKESDK_CHATDATA");
	FILE *f = path ? fopen(path, "r") : NULL;
	if (f == NULL) return 10001;
	const char *head = "{\"errcode\":0,\"errmsg\":\"ok\",\"chatdata\":[";
	append(chatDatas, head, strlen(head));
	char *line = NULL;
	size_t cap = 0;
	unsigned int n = 0;
	ssize_t len;
	while (n < limit && (len = getline(&line, &cap, f)) > 0) {
		char *tab = strchr(line, '\t');
		if (tab == NULL) continue;
		if (strtoull(line, NULL, 10) <= seq) continue;
		char *json = tab + 1;
		size_t jlen = strcspn(json, "\r\n");
		if (n++ > 0) append(chatDatas, ",", 1);
		append(chatDatas, json, jlen);
	}
	free(line);
	fclose(f);
	append(chatDatas, "]}", 2);
	return 0;
}

static int b64value(char c) {
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

int DecryptData(const char *encrypt_key, const char *encrypt_msg, Slice_t *msg) {
	if (encrypt_key == NULL || encrypt_msg == NULL || msg == NULL || !*encrypt_key) return 10006;
	size_t klen = strlen(encrypt_key), in = strlen(encrypt_msg);
	if (in % 4 != 0) return 10006;
	unsigned char *out = malloc(in / 4 * 3 + 1);
	size_t o = 0;
	for (size_t i = 0; i < in; i += 4) {
		int v[4];
		for (int j = 0; j < 4; j++) {
			char c = encrypt_msg[i + j];
			v[j] = (c == '=' && i + 4 == in && j >= 2) ? 0 : b64value(c);
			if (v[j] < 0) { free(out); return 10006; }
		}
		unsigned int w = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
		int pad = (encrypt_msg[i + 3] == '=') + (encrypt_msg[i + 2] == '=');
		unsigned char bytes[3] = {(w >> 16) & 0xff, (w >> 8) & 0xff, w & 0xff};
		for (int j = 0; j < 3 - pad; j++) out[o++] = bytes[j];
	}
	for (size_t i = 0; i < o; i++) out[i] ^= (unsigned char)encrypt_key[i % klen];
	int rc = append(msg, (const char *)out, o) == 0 ? 0 : 10003;
	free(out);
	return rc;
}

int GetMediaData(WeWorkFinanceSdk_t *sdk, const char *indexbuf, const char *sdkFileid,
                 const char *proxy, const char *passwd, int timeout, MediaData_t *media_data) {
	(void)sdk; (void)indexbuf; (void)sdkFileid; (void)proxy; (void)passwd; (void)timeout; (void)media_data;
	return 10005;
}

MediaData_t *NewMediaData(void) { return calloc(1, sizeof(MediaData_t)); }
void FreeMediaData(MediaData_t *m) { if (m) { free(m->outindexbuf); free(m->data); free(m); } }
char *GetOutIndexBuf(MediaData_t *m) { return m->outindexbuf; }
char *GetData(MediaData_t *m) { return m->data; }
int GetIndexLen(MediaData_t *m) { return m->out_len; }
int GetDataLen(MediaData_t *m) { return m->data_len; }
int IsMediaDataFinish(MediaData_t *m) { return m->is_finish; }
