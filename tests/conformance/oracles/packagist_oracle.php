<?php
// Oracle for the Packagist differential test: reads "A<TAB>B" lines on stdin and prints PHP's
// version_compare answer for each ("<", "=", ">"), in one process for the whole batch.
//
// Each version first goes through the parts of Composer's VersionParser::normalize that vigil
// applies (src/version/packagist.cc): a v/V before a digit and "+build" metadata are dropped,
// stability words match in any case (lower-casing everything is equivalent: unknown words are all
// alike), and a wildcard branch 1.2.x-dev becomes 1.2.9999999.9999999-dev. Versions Composer and
// vigil reject print "error": empty, spaces/control/non-ASCII, leading or trailing separator.

function canonical(string $v): ?string {
    if ($v === '' || preg_match('/[^\x21-\x7e]/', $v)) return null;
    if (stripos($v, 'dev-') !== 0 && ($plus = strpos($v, '+')) !== false) {
        if ($plus + 1 === strlen($v)) return null;
        $v = substr($v, 0, $plus);
    }
    $v = preg_replace('/^[vV](?=[0-9])/', '', $v);
    if ($v === '' || !preg_match('/^[A-Za-z0-9]/', $v)) return null;
    if (preg_match('/^(\d+)((?:\.(?:\d+|[xX*])){0,3})[.-]?dev$/i', $v, $m) && preg_match('/[xX*]/', $m[2])) {
        $parts = array_merge([$m[1]], $m[2] === '' ? [] : explode('.', substr($m[2], 1)));
        $parts = array_map(fn($p) => ctype_digit($p) ? $p : '9999999', $parts);
        while (count($parts) < 4) $parts[] = '9999999';
        return implode('.', $parts) . '-dev';
    }
    // A separator at the end, in version_compare's sense (an odd character right after a digit
    // is a token, not a separator).
    if (preg_match('/(?:[._+-]|(?<![0-9])[^A-Za-z0-9#])$/', $v)) return null;
    return strtolower($v);
}

$out = [];
while (($line = fgets(STDIN)) !== false) {
    [$a, $b] = explode("\t", rtrim($line, "\n"), 2);
    $ca = canonical($a);
    $cb = canonical($b);
    if ($ca === null || $cb === null) {
        $out[] = 'error';
        continue;
    }
    $c = version_compare($ca, $cb);
    $out[] = $c < 0 ? '<' : ($c > 0 ? '>' : '=');
}
echo implode("\n", $out), "\n";
