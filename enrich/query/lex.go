package query

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type kind int

const (
	tEOF kind = iota
	tTerm
	tPhrase
	tLParen
	tRParen
	tAnd
	tOr
	tNot
	tNear
)

func (k kind) String() string {
	return [...]string{"end of query", "term", "phrase", "'('", "')'", "AND", "OR", "NOT", "NEAR/n"}[k]
}

// token is one lexical token; pos is its 1-based character position in the query.
type token struct {
	kind kind
	text string
	n    int // NEAR distance
	pos  int
}

// SyntaxError is a query that does not parse: at character Pos (1-based), Expected was
// expected and Found was found.
type SyntaxError struct {
	Pos      int
	Expected string
	Found    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query: at position %d: expected %s, found %s", e.Pos, e.Expected, e.Found)
}

// MaxNear is the largest NEAR distance.
const MaxNear = 100

func isQuote(r rune) bool  { return r == '"' || r == '“' || r == '”' || r == '＂' }
func isLParen(r rune) bool { return r == '(' || r == '（' }
func isRParen(r rune) bool { return r == ')' || r == '）' }

func lex(q string) ([]token, error) {
	var out []token
	pos := 0 // characters consumed
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		pos++
		switch {
		case r == utf8.RuneError && size == 1:
			return nil, &SyntaxError{Pos: pos, Expected: "valid UTF-8", Found: "an invalid byte"}
		case unicode.IsSpace(r):
			i += size
		case isLParen(r):
			out = append(out, token{kind: tLParen, pos: pos})
			i += size
		case isRParen(r):
			out = append(out, token{kind: tRParen, pos: pos})
			i += size
		case isQuote(r):
			j, n, text, ok := phraseEnd(q, i+size)
			if !ok {
				return nil, &SyntaxError{Pos: pos, Expected: "a closing quote", Found: "end of query"}
			}
			if strings.TrimSpace(text) == "" {
				return nil, &SyntaxError{Pos: pos, Expected: "a phrase", Found: "empty quotes"}
			}
			out = append(out, token{kind: tPhrase, text: text, pos: pos})
			pos += n
			i = j
		default:
			j := i
			for j < len(q) {
				r2, s2 := utf8.DecodeRuneInString(q[j:])
				if unicode.IsSpace(r2) || isLParen(r2) || isRParen(r2) || isQuote(r2) || r2 == utf8.RuneError && s2 == 1 {
					break
				}
				j += s2
			}
			t, err := word(q[i:j], pos)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			pos += utf8.RuneCountInString(q[i:j]) - 1
			i = j
		}
	}
	return append(out, token{kind: tEOF, pos: pos + 1}), nil
}

// phraseEnd finds the closing quote from byte start; it returns the byte after it, the
// characters consumed after the opening quote, the phrase and whether it was closed.
func phraseEnd(q string, start int) (int, int, string, bool) {
	n := 0
	for j := start; j < len(q); {
		r, size := utf8.DecodeRuneInString(q[j:])
		n++
		if isQuote(r) {
			return j + size, n, q[start:j], true
		}
		j += size
	}
	return len(q), n, "", false
}

// word classifies a bare word: an operator or a term.
func word(w string, pos int) (token, error) {
	switch w {
	case "AND":
		return token{kind: tAnd, pos: pos}, nil
	case "OR":
		return token{kind: tOr, pos: pos}, nil
	case "NOT":
		return token{kind: tNot, pos: pos}, nil
	}
	if rest, ok := strings.CutPrefix(w, "NEAR/"); ok {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 0 || n > MaxNear {
			return token{}, &SyntaxError{Pos: pos + 5, Expected: fmt.Sprintf("a distance 0–%d after NEAR/", MaxNear), Found: strconv.Quote(rest)}
		}
		return token{kind: tNear, n: n, pos: pos}, nil
	}
	if strings.Contains(strings.TrimSuffix(w, "*"), "*") || w == "*" {
		return token{}, &SyntaxError{Pos: pos, Expected: "a wildcard * only at the end of a term", Found: strconv.Quote(w)}
	}
	return token{kind: tTerm, text: w, pos: pos}, nil
}
