package query

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// maxDepth bounds nesting (parentheses and NOT chains).
const maxDepth = 64

// Query is a parsed brand query. It is immutable and safe for concurrent use.
type Query struct {
	root node
}

// Parse parses q. A query that does not parse returns a *SyntaxError naming the
// character position (1-based) and what was expected there.
func Parse(q string) (*Query, error) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	root, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.fail(t, "AND, OR, NOT, NEAR/n or end of query")
	}
	return &Query{root: root}, nil
}

// String returns the query fully parenthesised, terms as written: parsing it again gives
// the same query.
func (q *Query) String() string { return q.root.String() }

// Terms returns the query's terms and phrases (normalised, wildcards without their *)
// that are not under a NOT, for a segmenter's user dictionary.
func (q *Query) Terms() []string {
	var out []string
	q.root.terms(false, &out)
	return out
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) fail(t token, expected string) error {
	found := t.kind.String()
	switch t.kind {
	case tTerm:
		found = "term " + strconv.Quote(t.text)
	case tPhrase:
		found = "phrase " + strconv.Quote(t.text)
	case tNear:
		found = fmt.Sprintf("NEAR/%d", t.n)
	}
	return &SyntaxError{Pos: t.pos, Expected: expected, Found: found}
}

func (p *parser) or(depth int) (node, error) {
	left, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tOr {
		p.next()
		right, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		left = &orNode{left, right}
	}
	return left, nil
}

func (p *parser) and(depth int) (node, error) {
	left, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for {
		switch p.peek().kind {
		case tAnd:
			p.next()
		case tTerm, tPhrase, tLParen, tNot:
			// implied AND
		default:
			return left, nil
		}
		right, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		left = &andNode{left, right}
	}
}

func (p *parser) unary(depth int) (node, error) {
	if depth > maxDepth {
		return nil, p.fail(p.peek(), fmt.Sprintf("at most %d levels of nesting", maxDepth))
	}
	if p.peek().kind == tNot {
		p.next()
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &notNode{x}, nil
	}
	return p.near(depth)
}

func (p *parser) near(depth int) (node, error) {
	left, err := p.primary(depth)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tNear {
		op := p.next()
		l, ok := left.(*leaf)
		if !ok {
			return nil, p.fail(op, "NEAR/n only between two terms or phrases, so a term or phrase before it")
		}
		t := p.peek()
		right, err := p.primary(depth)
		if err != nil {
			return nil, err
		}
		r, ok := right.(*leaf)
		if !ok {
			return nil, p.fail(t, "a term or phrase after NEAR/n")
		}
		left = &nearNode{l, r, op.n}
		if p.peek().kind == tNear {
			return nil, p.fail(p.peek(), "AND, OR or NOT between two NEAR/n (write (a NEAR/n b) AND (b NEAR/m c))")
		}
	}
	return left, nil
}

func (p *parser) primary(depth int) (node, error) {
	t := p.peek()
	switch t.kind {
	case tTerm, tPhrase:
		p.next()
		return newLeaf(t)
	case tLParen:
		p.next()
		x, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind != tRParen {
			return nil, p.fail(c, fmt.Sprintf("')' closing the '(' at position %d", t.pos))
		}
		p.next()
		return x, nil
	}
	return nil, p.fail(t, "a term, a phrase, '(' or NOT")
}

func newLeaf(t token) (node, error) {
	raw := t.text
	prefix := t.kind == tTerm && strings.HasSuffix(raw, "*")
	s := strings.ToLower(norm.NFKC.String(strings.TrimSuffix(raw, "*")))
	if t.kind == tPhrase {
		s = strings.Join(strings.Fields(s), " ")
	}
	if strings.TrimSpace(s) == "" {
		return nil, &SyntaxError{Pos: t.pos, Expected: "a term with a letter or digit", Found: strconv.Quote(raw)}
	}
	return &leaf{raw: raw, phrase: t.kind == tPhrase, prefix: prefix, text: s}, nil
}
