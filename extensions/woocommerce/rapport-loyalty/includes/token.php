<?php
/**
 * Shopper identity token: a short-lived HS256 JWT the Rapport backend verifies
 * (src/http/storefront/woo-token.ts): iss = the site URL, aud = "rapport",
 * sub = the WooCommerce customer id, email, iat, exp at most 10 minutes ahead.
 *
 * Plain PHP with no WordPress calls, so tests/test-token.php can run it alone.
 *
 * @package RapportLoyalty
 */

if ( ! defined( 'RAPPORT_LOYALTY_TOKEN_TTL' ) ) {
	// Five minutes: the backend refuses anything living longer than ten.
	define( 'RAPPORT_LOYALTY_TOKEN_TTL', 300 );
}

/**
 * URL-safe base64 without padding (RFC 7515, section 2).
 *
 * @param string $data Raw bytes.
 * @return string
 */
function rapport_loyalty_base64url( $data ) {
	return rtrim( strtr( base64_encode( $data ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- JWT encoding, not obfuscation.
}

/**
 * Signs the shopper token.
 *
 * @param string   $secret      The connection's storefront secret (never the webhook secret or REST keys).
 * @param string   $site_url    The shop's home URL (the backend compares it without a trailing slash).
 * @param int      $customer_id WooCommerce customer (user) id; 0 for a guest.
 * @param string   $email       The customer's email, or ''.
 * @param int|null $now         Unix time; null for the current time.
 * @param int      $ttl         Lifetime in seconds, capped at 600.
 * @return string The compact JWT, or '' when there is no secret.
 */
function rapport_loyalty_sign_token( $secret, $site_url, $customer_id, $email = '', $now = null, $ttl = RAPPORT_LOYALTY_TOKEN_TTL ) {
	if ( ! is_string( $secret ) || '' === $secret ) {
		return '';
	}
	$now    = null === $now ? time() : (int) $now;
	$ttl    = max( 30, min( 600, (int) $ttl ) );
	$header = array(
		'alg' => 'HS256',
		'typ' => 'JWT',
	);
	$claims = array(
		'iss' => (string) $site_url,
		'aud' => 'rapport',
		'sub' => (string) max( 0, (int) $customer_id ),
		'iat' => $now,
		'exp' => $now + $ttl,
	);
	if ( is_string( $email ) && '' !== $email ) {
		$claims['email'] = $email;
	}
	$flags   = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;
	$signing = rapport_loyalty_base64url( (string) json_encode( $header, $flags ) ) . '.' . rapport_loyalty_base64url( (string) json_encode( $claims, $flags ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.json_encode_json_encode -- must also run without WordPress.
	return $signing . '.' . rapport_loyalty_base64url( hash_hmac( 'sha256', $signing, $secret, true ) );
}
