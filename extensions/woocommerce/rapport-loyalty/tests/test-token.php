<?php
/**
 * Plain-PHP tests of the token signer (no WordPress, no PHPUnit): exits non-zero on failure.
 * Run: php tests/test-token.php            -> runs the assertions
 *      php tests/test-token.php sign S U C E -> prints a token (used by the Node test that verifies it)
 *
 * @package RapportLoyalty
 */

require __DIR__ . '/../includes/token.php';

/**
 * Decodes URL-safe base64.
 *
 * @param string $s Encoded.
 * @return string
 */
function rapport_test_b64d( $s ) {
	return (string) base64_decode( strtr( $s, '-_', '+/' ) . str_repeat( '=', ( 4 - strlen( $s ) % 4 ) % 4 ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
}

if ( isset( $argv[1] ) && 'sign' === $argv[1] ) {
	echo rapport_loyalty_sign_token( $argv[2], $argv[3], (int) $argv[4], isset( $argv[5] ) ? $argv[5] : '' ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CLI.
	exit( 0 );
}

require __DIR__ . '/assert.php';

$token = rapport_loyalty_sign_token( 'shh-secret', 'https://shop.example.pk', 42, 'sana@example.pk', 1700000000 );
$parts = explode( '.', $token );
rapport_test_assert( 3 === count( $parts ), 'three parts' );
rapport_test_assert( 1 === preg_match( '/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/', $token ), 'URL-safe base64 without padding' );
$header = json_decode( rapport_test_b64d( $parts[0] ), true );
$claims = json_decode( rapport_test_b64d( $parts[1] ), true );
rapport_test_assert( array( 'alg' => 'HS256', 'typ' => 'JWT' ) === $header, 'HS256 header' );
rapport_test_assert( 'https://shop.example.pk' === $claims['iss'] && 'rapport' === $claims['aud'] && '42' === $claims['sub'], 'iss, aud, sub (a string)' );
rapport_test_assert( 'sana@example.pk' === $claims['email'], 'email' );
rapport_test_assert( 1700000000 === $claims['iat'] && 1700000300 === $claims['exp'], 'five minutes by default' );
$expected = rapport_loyalty_base64url( hash_hmac( 'sha256', $parts[0] . '.' . $parts[1], 'shh-secret', true ) );
rapport_test_assert( hash_equals( $expected, $parts[2] ), 'signature is HMAC-SHA256 of header.payload' );
$long = json_decode( rapport_test_b64d( explode( '.', rapport_loyalty_sign_token( 's', 'https://x', 1, '', 1700000000, 86400 ) )[1] ), true );
rapport_test_assert( 600 === $long['exp'] - $long['iat'], 'lifetime capped at ten minutes' );
rapport_test_assert( '' === rapport_loyalty_sign_token( '', 'https://x', 1 ), 'no secret, no token' );
$guest = json_decode( rapport_test_b64d( explode( '.', rapport_loyalty_sign_token( 's', 'https://x', 0 ) )[1] ), true );
rapport_test_assert( '0' === $guest['sub'] && ! isset( $guest['email'] ), 'guest: sub 0, no email' );

exit( $failures > 0 ? 1 : 0 );
