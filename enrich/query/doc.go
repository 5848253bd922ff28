// Package query parses and evaluates brand queries in the boolean syntax social-listening
// users know from Talkwalker and Brandwatch:
//
//	(小米 OR xiaomi OR "redmi note") AND (手机 OR 充电*) NOT 小米粥
//	雷军 NEAR/3 发布会
//
// Terms are case-insensitive and NFKC-normalised. A Latin term matches whole words only
// ("oppo" does not match "opposite"); a Chinese term matches anywhere. Operators are
// upper case: AND (also implied between adjacent terms), OR, NOT (binary "a NOT b" or
// unary), NEAR/n (both sides within n words, either order; only between terms and
// phrases). Quotes (" or “ ”) make a phrase; parentheses (ASCII or full-width) group; a
// trailing * matches any word continuing the term. NOT binds tightest, then NEAR, AND,
// OR.
package query
