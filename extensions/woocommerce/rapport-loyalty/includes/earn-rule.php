<?php
/**
 * "Earn N points": the Rapport server's own order rule, applied to a cart.
 *
 * Why the rule and not an estimate per amount: Rapport hands the plugin the program's exact
 * earning rule (GET /loyalty/earning: rates with the currency's digits, rounding mode, whether
 * shipping and tax earn, excluded products, this shopper's tier multiplier and whether their
 * tags exclude them). This file repeats, step for step, the arithmetic of the server's
 * src/crm/loyalty/order-points.ts (earningBasis, then basis x points x multiplier / per, then the
 * program's rounding after the same 1e-6 noise guard), in the same IEEE doubles and the same
 * order of operations. So a cart, a product page and the Cart and Checkout blocks can show the
 * figure without a request per amount, the cart contents never leave the shop, and the figure
 * equals what the order is awarded (test/integration/woocommerce-plugin-earn.test.ts runs this
 * file with php-cli against the server's rule for every rounding mode and compares).
 * How the payment method matters: only for when the points become spendable (cash on delivery
 * waits for delivery by default), never for how many.
 *
 * Plain PHP with no WordPress calls, so tests/estimate.php can run it alone.
 *
 * @package RapportLoyalty
 */

/**
 * JavaScript's Math.round: halves go towards +infinity (PHP's round() goes away from zero).
 * x - floor(x) is exact in binary floating point, so the comparison is too.
 *
 * @param float $x Value.
 * @return float
 */
function rapport_loyalty_js_round( $x ) {
	$f = floor( $x );
	return ( $x - $f >= 0.5 ) ? $f + 1.0 : $f;
}

/**
 * A decimal amount in minor units, as the server's toMinor (src/lib/money.ts) does: digits kept
 * up to the currency's precision, plus one when the next digit is 5 or more.
 *
 * @param float|int|string $amount Amount in major units ("1234.5" or 1234.5).
 * @param int              $digits The currency's minor digits (2 for PKR, 0 for JPY, 3 for KWD).
 * @return int
 */
function rapport_loyalty_to_minor( $amount, $digits ) {
	// Numbers go through six decimals, like JavaScript's toFixed(6) on the server.
	$text = is_string( $amount ) ? trim( $amount ) : sprintf( '%.6F', (float) $amount );
	if ( ! preg_match( '/^([+-])?(\d*)(?:\.(\d*))?$/', $text, $m ) ) {
		return 0;
	}
	$digits   = max( 0, (int) $digits );
	$whole    = isset( $m[2] ) && '' !== $m[2] ? $m[2] : '0';
	$fraction = isset( $m[3] ) ? $m[3] : '';
	$kept     = substr( $fraction . str_repeat( '0', $digits ), 0, $digits );
	$next     = strlen( $fraction ) > $digits ? (int) $fraction[ $digits ] : 0;
	$minor    = (int) $whole * ( 10 ** $digits ) + (int) ( '' === $kept ? '0' : $kept );
	if ( $next >= 5 ) {
		++$minor;
	}
	return ( isset( $m[1] ) && '-' === $m[1] ) ? -$minor : $minor;
}

/**
 * The program's rounding of raw points, after the server's guard against 12.000000001 noise.
 *
 * @param float  $value Raw points.
 * @param string $mode  floor, round or ceil.
 * @return int
 */
function rapport_loyalty_round_points( $value, $mode ) {
	$v = rapport_loyalty_js_round( $value * 1e6 ) / 1e6;
	if ( 'floor' === $mode ) {
		return (int) floor( $v );
	}
	if ( 'ceil' === $mode ) {
		return (int) ceil( $v );
	}
	return (int) rapport_loyalty_js_round( $v );
}

/**
 * Points a cart earns under the rule, or null when nothing should be shown (no program, no rate
 * for the currency, or a malformed rule).
 *
 * @param array  $rule     The decoded GET /loyalty/earning answer.
 * @param string $currency The shop's ISO 4217 currency.
 * @param array  $lines    Each ['product_id' => string|int, 'variation_id' => string|int, 'total' => float|string]:
 *                         the line total after discounts, before tax (what orders report per line).
 * @param float  $shipping Shipping before tax.
 * @param float  $tax      All tax on the order.
 * @param int    $now      Unix time (orders placed before the program started earn nothing).
 * @return int|null
 */
function rapport_loyalty_estimate_points( $rule, $currency, $lines, $shipping = 0.0, $tax = 0.0, $now = null ) {
	if ( ! is_array( $rule ) || empty( $rule['enabled'] ) || ! isset( $rule['rates'] ) || ! is_array( $rule['rates'] ) ) {
		return null;
	}
	$rate = null;
	foreach ( $rule['rates'] as $r ) {
		if ( is_array( $r ) && isset( $r['currency'], $r['points'], $r['per'] ) && strtoupper( (string) $r['currency'] ) === strtoupper( (string) $currency ) ) {
			$rate = $r;
			break;
		}
	}
	if ( null === $rate ) {
		return null;
	}
	$digits   = isset( $rate['minorDigits'] ) ? (int) $rate['minorDigits'] : 2;
	$per      = rapport_loyalty_to_minor( (string) $rate['per'], $digits );
	$shopper  = isset( $rule['shopper'] ) && is_array( $rule['shopper'] ) ? $rule['shopper'] : array();
	$earns    = ! isset( $shopper['earns'] ) || (bool) $shopper['earns'];
	$started  = isset( $rule['earnOrdersPlacedFrom'] ) ? strtotime( (string) $rule['earnOrdersPlacedFrom'] ) : false;
	$now      = null === $now ? time() : (int) $now;
	if ( $per <= 0 || ! $earns || ( false !== $started && $now < $started ) ) {
		return 0;
	}
	$excluded = array_map( 'strval', isset( $rule['excludedProductIds'] ) && is_array( $rule['excludedProductIds'] ) ? $rule['excludedProductIds'] : array() );
	$all      = 0;
	$eligible = 0;
	foreach ( $lines as $line ) {
		$minor = rapport_loyalty_to_minor( isset( $line['total'] ) ? $line['total'] : 0, $digits );
		$all  += $minor;
		// WooCommerce reports a variation's parent as product_id and the variation as variation_id.
		$product   = isset( $line['product_id'] ) ? (string) $line['product_id'] : '';
		$variation = isset( $line['variation_id'] ) ? (string) $line['variation_id'] : '';
		if ( ( '' !== $product && '0' !== $product && in_array( $product, $excluded, true ) ) || ( '' !== $variation && '0' !== $variation && in_array( $variation, $excluded, true ) ) ) {
			continue;
		}
		// Rapport sees no gift cards on WooCommerce orders (no core gift card type), so excludeGiftCards changes nothing here.
		$eligible += $minor;
	}
	$basis = max( 0, $eligible );
	// Shipping and tax earn only alongside something that earns, and only in the eligible share.
	$share = $all > 0 ? $eligible / $all : 0;
	if ( ! empty( $rule['includeShipping'] ) ) {
		$basis += (int) rapport_loyalty_js_round( rapport_loyalty_to_minor( $shipping, $digits ) * $share );
	}
	if ( ! empty( $rule['includeTax'] ) ) {
		$basis += (int) rapport_loyalty_js_round( rapport_loyalty_to_minor( $tax, $digits ) * $share );
	}
	$multiplier = isset( $shopper['multiplier'] ) ? (float) $shopper['multiplier'] : 1.0;
	// Doubles throughout, multiplied left to right, as JavaScript does.
	$raw      = ( (float) $basis * (float) $rate['points'] * $multiplier ) / (float) $per;
	$rounding = isset( $rule['rounding'] ) ? (string) $rule['rounding'] : 'floor';
	$points   = max( 0, rapport_loyalty_round_points( $raw, $rounding ) );
	// Running points campaigns (the server sends only those this shopper's order would earn under):
	// a multiplier campaign adds the points at tier x (campaign multiplier - 1), rounded on its own;
	// a bonus adds its points when the order total reaches its minimum (in its currency).
	$campaigns = isset( $rule['campaigns'] ) && is_array( $rule['campaigns'] ) ? $rule['campaigns'] : array();
	$total     = $all + rapport_loyalty_to_minor( $shipping, $digits ) + rapport_loyalty_to_minor( $tax, $digits );
	foreach ( $campaigns as $c ) {
		if ( ! is_array( $c ) || ! isset( $c['kind'] ) ) {
			continue;
		}
		if ( 'multiplier' === $c['kind'] && isset( $c['multiplier'] ) && (float) $c['multiplier'] > 1 ) {
			$extra   = ( (float) $basis * (float) $rate['points'] * ( $multiplier * ( (float) $c['multiplier'] - 1 ) ) ) / (float) $per;
			$points += max( 0, rapport_loyalty_round_points( $extra, $rounding ) );
		} elseif ( 'bonus' === $c['kind'] && isset( $c['bonusPoints'] ) ) {
			$minimum = isset( $c['minOrderAmount'] ) ? $c['minOrderAmount'] : null;
			$same    = isset( $c['currency'] ) && strtoupper( (string) $c['currency'] ) === strtoupper( (string) $currency );
			if ( null === $minimum || ( $same && $total >= rapport_loyalty_to_minor( (string) $minimum, $digits ) ) ) {
				$points += (int) $c['bonusPoints'];
			}
		}
	}
	return $points;
}
