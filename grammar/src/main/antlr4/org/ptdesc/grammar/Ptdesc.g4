// The .ptdesc language: a page table (or any radix tree) described like the datasheet
// table it comes from. See docs/language.md for the meaning of every construct.
grammar Ptdesc;

file
    : declaration* EOF
    ;

declaration
    : includeDecl
    | paramDecl
    | formatDecl
    | treeDecl
    ;

includeDecl
    : INCLUDE STRING ';'
    ;

// A compile-time parameter; without a value it must be supplied by the user. 'in LO..HI' bounds
// its value and every override ('in' is a keyword only here, so it stays usable as a name).
paramDecl
    : PARAM name=ID ('=' expr)? paramRange? doc? ';'
    ;

paramRange
    : {_input.LT(1).getText().equals("in")}? keyword=ID low=expr '..' high=expr
    ;

// A named entry format: fields shared by levels and trees.
formatDecl
    : FORMAT name=ID doc? '{' formatItem* '}'
    ;

formatItem
    : fieldDecl
    | withDecl
    ;

treeDecl
    : TREE name=ID doc? '{' treeItem* '}'
    ;

treeItem
    : addressDecl
    | rangeDecl
    | offsetDecl
    | entryDecl
    | useFormat
    | paramDecl
    | rootDecl
    | tagDecl
    | attributeDecl
    | modeDecl
    | denyDecl
    | guestAttributeDecl
    | combinedDecl
    | fieldDecl
    | withDecl
    | levelDecl
    ;

addressDecl
    : ADDRESS expr BITS SIGN_EXTENDED? ';'
    ;

rangeDecl
    : RANGE first=expr '..' last=expr ';'
    ;

offsetDecl
    : OFFSET expr BITS ';'
    ;

entryDecl
    : ENTRY expr BITS endian=(LITTLE_ENDIAN | BIG_ENDIAN)? ';'
    ;

useFormat
    : FORMAT ID ';'
    ;

rootDecl
    : ROOT name=ID (FOR first=expr '..' last=expr)? '=' value=expr doc? ';'
    ;

// tag 63:LO; address bits 63..LO are a tag that translation ignores (Arm's top-byte-ignore).
// 'tag' is a keyword only here, so that descriptors may keep using it as a name.
tagDecl
    : {_input.LT(1).getText().equals("tag")}? keyword=ID hi=expr ':' lo=expr doc? ';'
    ;

// mode NAME [: W bits] = DEFAULT ["doc"]; a mode bit the hardware consults when it checks an
// access (x86 CR0.WP), packed into the mode word in declaration order. 'mode' and 'deny' are
// keywords only at the start of a tree item, so descriptors may keep using them as names.
modeDecl
    : {_input.LT(1).getText().equals("mode")}? keyword=ID name=ID (':' width=expr BITS)? '=' value=expr doc? ';'
    ;

// deny "manual rule" when CONDITION; a permission rule, tried in order at the leaf.
denyDecl
    : {_input.LT(1).getText().equals("deny")}? keyword=ID message=STRING WHEN cond=expr ';'
    ;

// guest attribute NAME [: W bits] ["doc"]; (stage 2 trees) an attribute the guest tree of a
// pair must provide, read as guest.NAME in combined declarations; checked when a pair is compiled.
// 'guest' and 'combined' are keywords only at the start of a tree item.
guestAttributeDecl
    : {_input.LT(1).getText().equals("guest")}? keyword=ID ATTRIBUTE name=ID (':' width=expr BITS)? doc? ';'
    ;

// combined NAME [: W bits] = EXPR ["doc"]; (stage 2 trees) an attribute of a nested translation
// computed from this tree's attributes and leaf entry and the guest's attributes (guest.NAME).
combinedDecl
    : {_input.LT(1).getText().equals("combined")}? keyword=ID name=ID (':' width=expr BITS)? '=' value=expr doc? ';'
    ;

attributeDecl
    : ATTRIBUTE name=ID ':' (width=expr BITS)? op=(AND | OR | SET) doc? ';'
    ;

// flag NAME [bit];  field NAME [hi:lo, hi:lo, ...];  (first part most significant)
fieldDecl
    : kind=(FLAG | FIELD) name=ID '[' slice (',' slice)* ']' doc? ';'
    ;

slice
    : hi=expr (':' lo=expr)?
    ;

withDecl
    : WITH assignment (',' assignment)* ';'
    ;

assignment
    : ID '=' expr
    ;

levelDecl
    : LEVEL name=ID BITS expr doc? '{' levelItem* '}'
    ;

levelItem
    : fieldDecl
    | withDecl
    | ruleDecl
    ;

ruleDecl
    : INVALID (WHEN cond=expr)? doc? ';'                                        # invalidRule
    | FAULT message=STRING (WHEN cond=expr)? ';'                                # faultRule
    | kind=(TABLE | LEAF) (WHEN cond=expr)? '->' target=expr withClause? setsClause? doc? ';' # mappingRule
    ;

// sets A, D, SH = 0b11: entry bits an encoder writes that decoding leaves open (for building
// trees). 'sets' is a keyword only here, so that descriptors may keep using it as a name.
setsClause
    : {_input.LT(1).getText().equals("sets")}? keyword=ID setting (',' setting)*
    ;

setting
    : ID ('=' expr)?
    ;

withClause
    : WITH assignment (',' assignment)*
    ;

doc
    : STRING
    ;

// C precedence, lowest first.
expr
    : primary                                            # primaryExpr
    | expr '[' hi=expr (':' lo=expr)? ']'                # sliceExpr
    | op=('!' | '~' | '-') expr                          # unaryExpr
    | expr op='*' expr                                   # binaryExpr
    | expr op=('+' | '-') expr                           # binaryExpr
    | expr op=('<<' | '>>') expr                         # binaryExpr
    | expr op=('<' | '<=' | '>' | '>=') expr             # binaryExpr
    | expr op=('==' | '!=') expr                         # binaryExpr
    | expr op='&' expr                                   # binaryExpr
    | expr op='^' expr                                   # binaryExpr
    | expr op='|' expr                                   # binaryExpr
    | expr op='&&' expr                                  # binaryExpr
    | expr op='||' expr                                  # binaryExpr
    | <assoc = right> expr '?' expr ':' expr             # conditionalExpr
    ;

primary
    : INT                                                # intLiteral
    | (TRUE | FALSE)                                     # boolLiteral
    | ENTRY                                              # entryRef
    | VA                                                 # vaRef
    | {_input.LT(1).getText().equals("access")}? ID '.' property=ID # accessRef
    | {_input.LT(1).getText().equals("guest")}? ID '.' property=ID # guestRef
    | ID                                                 # nameRef
    | '(' expr ')'                                       # parenExpr
    ;

// Keywords
INCLUDE       : 'include';
PARAM         : 'param';
FORMAT        : 'format';
TREE          : 'tree';
ADDRESS       : 'address';
BITS          : 'bits' | 'bit';
SIGN_EXTENDED : 'sign-extended';
RANGE         : 'range';
OFFSET        : 'offset';
ENTRY         : 'entry';
LITTLE_ENDIAN : 'little-endian';
BIG_ENDIAN    : 'big-endian';
ROOT          : 'root';
FOR           : 'for';
ATTRIBUTE     : 'attribute';
AND           : 'and';
OR            : 'or';
SET           : 'set';
FLAG          : 'flag';
FIELD         : 'field';
WITH          : 'with';
LEVEL         : 'level';
INVALID       : 'invalid';
FAULT         : 'fault';
TABLE         : 'table';
LEAF          : 'leaf';
WHEN          : 'when';
TRUE          : 'true';
FALSE         : 'false';
VA            : 'va';

// Decimal, hexadecimal (0x) or binary (0b), with '_' separators; range checked later.
INT
    : [0-9] [0-9_]*
    | '0' [xX] [0-9a-fA-F_]+
    | '0' [bB] [01_]+
    ;

ID      : [a-zA-Z_] [a-zA-Z_0-9]*;
STRING  : '"' (~["\\\r\n] | '\\' .)* '"';

LINE_COMMENT  : '//' ~[\r\n]* -> skip;
BLOCK_COMMENT : '/*' .*? '*/' -> skip;
WS            : [ \t\r\n\f]+ -> skip;

// Anything else becomes a token of its own, so the parser reports it with its location.
// Never contains '*/', so it cannot win over a terminated comment by being longer.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF;
UNTERMINATED_STRING  : '"' (~["\\\r\n] | '\\' .)*;
ERROR_CHAR           : .;
