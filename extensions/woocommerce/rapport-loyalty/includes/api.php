<?php
/**
 * Calls to the Rapport shopper API (/storefront/woocommerce/<connection id>/...) from the
 * server, with the logged-in customer's token. Program rates are cached for guests and
 * members alike; a member's balance and history never are.
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

/**
 * A fresh token for the current user (empty for guests or before set-up).
 *
 * @return string
 */
function rapport_loyalty_current_token() {
	$user = wp_get_current_user();
	if ( ! $user || 0 === (int) $user->ID ) {
		return '';
	}
	$s = rapport_loyalty_settings();
	return rapport_loyalty_sign_token( $s['storefront_secret'], home_url(), (int) $user->ID, (string) $user->user_email );
}

/**
 * GET a shopper API path.
 *
 * @param string $path  E.g. 'loyalty' or 'loyalty/history'.
 * @param string $token Bearer token, or '' for a guest request.
 * @return array|WP_Error Decoded JSON.
 */
function rapport_loyalty_api_get( $path, $token = '' ) {
	if ( ! rapport_loyalty_configured() ) {
		return new WP_Error( 'rapport_not_configured', __( 'Rapport Loyalty is not set up yet.', 'rapport-loyalty' ) );
	}
	$s        = rapport_loyalty_settings();
	$url      = $s['rapport_url'] . '/storefront/woocommerce/' . rawurlencode( $s['connection_id'] ) . '/' . ltrim( $path, '/' );
	$headers  = array( 'Accept' => 'application/json' );
	if ( '' !== $token ) {
		$headers['Authorization'] = 'Bearer ' . $token;
	}
	// Short timeout: a slow Rapport must not slow the shop's pages down.
	$response = wp_remote_get(
		$url,
		array(
			'timeout' => 3,
			'headers' => $headers,
		)
	);
	if ( is_wp_error( $response ) ) {
		return $response;
	}
	$code = (int) wp_remote_retrieve_response_code( $response );
	$body = json_decode( wp_remote_retrieve_body( $response ), true );
	if ( $code < 200 || $code >= 300 || ! is_array( $body ) ) {
		return new WP_Error( 'rapport_http_' . $code, __( 'Rapport did not answer as expected.', 'rapport-loyalty' ) );
	}
	return $body;
}

/**
 * The program's order-earning rule for the current shopper (GET /loyalty/earning): see
 * includes/earn-rule.php for why the plugin applies the server's rule rather than its own.
 * Cached ten minutes: once for guests, per customer for members (their tier multiplier and tag
 * exclusion are theirs). A rule change reaches shoppers within those ten minutes.
 *
 * @return array|null The decoded rule, or null when Rapport is not set up or did not answer.
 */
function rapport_loyalty_earning_rule() {
	if ( ! rapport_loyalty_configured() ) {
		return null;
	}
	$user_id = get_current_user_id();
	$key     = $user_id > 0 ? 'rapport_loyalty_rule_' . $user_id : 'rapport_loyalty_rule';
	$cached  = get_transient( $key );
	if ( is_array( $cached ) ) {
		return isset( $cached['enabled'] ) ? $cached : null;
	}
	$rule = rapport_loyalty_api_get( 'loyalty/earning', rapport_loyalty_current_token() );
	// A failed call is cached briefly too (as an empty array), so an outage is not retried on every page view.
	set_transient( $key, is_wp_error( $rule ) ? array() : $rule, is_wp_error( $rule ) ? MINUTE_IN_SECONDS : 10 * MINUTE_IN_SECONDS );
	return is_wp_error( $rule ) ? null : $rule;
}

/**
 * Points the current cart earns, or null when nothing should be shown.
 *
 * @return int|null
 */
function rapport_loyalty_cart_points() {
	if ( ! function_exists( 'WC' ) || ! WC()->cart || ! function_exists( 'get_woocommerce_currency' ) ) {
		return null;
	}
	$lines = array();
	foreach ( WC()->cart->get_cart() as $item ) {
		$lines[] = array(
			'product_id'   => isset( $item['product_id'] ) ? $item['product_id'] : 0,
			'variation_id' => isset( $item['variation_id'] ) ? $item['variation_id'] : 0,
			// After discounts, before tax: the line total an order reports.
			'total'        => isset( $item['line_total'] ) ? (float) $item['line_total'] : 0.0,
		);
	}
	if ( ! $lines ) {
		return null;
	}
	return rapport_loyalty_estimate_points( rapport_loyalty_earning_rule(), get_woocommerce_currency(), $lines, (float) WC()->cart->get_shipping_total(), (float) WC()->cart->get_total_tax() );
}

/**
 * Points one unit of a product earns (product pages: no shipping yet).
 *
 * @param WC_Product $product The product.
 * @return int|null
 */
function rapport_loyalty_product_points( $product ) {
	if ( ! function_exists( 'get_woocommerce_currency' ) ) {
		return null;
	}
	$net  = (float) wc_get_price_excluding_tax( $product );
	$line = array(
		'product_id'   => $product->is_type( 'variation' ) ? $product->get_parent_id() : $product->get_id(),
		'variation_id' => $product->is_type( 'variation' ) ? $product->get_id() : 0,
		'total'        => $net,
	);
	return rapport_loyalty_estimate_points( rapport_loyalty_earning_rule(), get_woocommerce_currency(), array( $line ), 0.0, (float) wc_get_price_including_tax( $product ) - $net );
}
