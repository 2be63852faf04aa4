<?php
/**
 * My Account > Points & rewards: balance, pending points, tier, referral link and the latest
 * points history, read from the Rapport shopper API with the customer's own token.
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the My Account endpoint (flushed on activation).
 */
function rapport_loyalty_add_endpoint() {
	add_rewrite_endpoint( RAPPORT_LOYALTY_ENDPOINT, EP_ROOT | EP_PAGES );
}
add_action( 'init', 'rapport_loyalty_add_endpoint' );

add_filter(
	'woocommerce_get_query_vars',
	static function ( $vars ) {
		$vars[ RAPPORT_LOYALTY_ENDPOINT ] = RAPPORT_LOYALTY_ENDPOINT;
		return $vars;
	}
);

add_filter(
	'woocommerce_account_menu_items',
	static function ( $items ) {
		$logout = isset( $items['customer-logout'] ) ? array( 'customer-logout' => $items['customer-logout'] ) : array();
		unset( $items['customer-logout'] );
		$items[ RAPPORT_LOYALTY_ENDPOINT ] = __( 'Points & rewards', 'rapport-loyalty' );
		return $items + $logout;
	}
);

add_filter(
	'woocommerce_endpoint_' . RAPPORT_LOYALTY_ENDPOINT . '_title',
	static function () {
		return __( 'Points & rewards', 'rapport-loyalty' );
	}
);

add_action( 'woocommerce_account_' . RAPPORT_LOYALTY_ENDPOINT . '_endpoint', 'rapport_loyalty_render_account' );

/**
 * Prints the tab.
 */
function rapport_loyalty_render_account() {
	$token   = rapport_loyalty_current_token();
	$program = '' === $token ? new WP_Error( 'rapport_not_configured', '' ) : rapport_loyalty_api_get( 'loyalty', $token );
	echo '<section class="rapport-account">';
	if ( is_wp_error( $program ) || empty( $program['enabled'] ) || empty( $program['member'] ) ) {
		echo '<p>' . esc_html__( 'Your points are not available right now. Please try again later.', 'rapport-loyalty' ) . '</p></section>';
		return;
	}
	$member = $program['member'];
	echo '<dl class="rapport-account__summary">';
	echo '<div><dt>' . esc_html__( 'Points balance', 'rapport-loyalty' ) . '</dt><dd>' . esc_html( number_format_i18n( (int) $member['balance'] ) ) . '</dd></div>';
	echo '<div><dt>' . esc_html__( 'Pending', 'rapport-loyalty' ) . '</dt><dd>' . esc_html( number_format_i18n( (int) $member['pending'] ) ) . '</dd></div>';
	if ( ! empty( $member['tier']['name'] ) ) {
		echo '<div><dt>' . esc_html__( 'Tier', 'rapport-loyalty' ) . '</dt><dd>' . esc_html( (string) $member['tier']['name'] ) . '</dd></div>';
	}
	echo '</dl>';
	if ( ! empty( $member['referral']['link'] ) ) {
		echo '<p class="rapport-account__referral">' . esc_html__( 'Share your link:', 'rapport-loyalty' ) . ' <a href="' . esc_url( $member['referral']['link'] ) . '">' . esc_html( $member['referral']['link'] ) . '</a></p>';
	}
	if ( ! empty( $program['waysToEarn'] ) && is_array( $program['waysToEarn'] ) ) {
		echo '<h3>' . esc_html__( 'Ways to earn', 'rapport-loyalty' ) . '</h3><ul class="rapport-account__ways">';
		foreach ( $program['waysToEarn'] as $way ) {
			echo '<li>' . esc_html( isset( $way['description'] ) ? (string) $way['description'] : '' ) . '</li>';
		}
		echo '</ul>';
	}
	rapport_loyalty_render_history( $token );
	echo '</section>';
}

/**
 * Prints the latest points movements.
 *
 * @param string $token The customer's token.
 */
function rapport_loyalty_render_history( $token ) {
	$history = rapport_loyalty_api_get( 'loyalty/history?first=20', $token );
	echo '<h3>' . esc_html__( 'History', 'rapport-loyalty' ) . '</h3>';
	if ( is_wp_error( $history ) || empty( $history['entries'] ) ) {
		echo '<p>' . esc_html__( 'No points yet: they appear here with your first order.', 'rapport-loyalty' ) . '</p>';
		return;
	}
	echo '<table class="shop_table rapport-account__history"><thead><tr><th scope="col">' . esc_html__( 'Date', 'rapport-loyalty' ) . '</th><th scope="col">' . esc_html__( 'What', 'rapport-loyalty' ) . '</th><th scope="col" class="rapport-num">' . esc_html__( 'Points', 'rapport-loyalty' ) . '</th></tr></thead><tbody>';
	foreach ( $history['entries'] as $entry ) {
		$when   = isset( $entry['occurredAt'] ) ? strtotime( (string) $entry['occurredAt'] ) : false;
		$points = (int) ( isset( $entry['points'] ) ? $entry['points'] : 0 );
		$what   = ! empty( $entry['note'] ) ? (string) $entry['note'] : rapport_loyalty_reason_label( isset( $entry['reason'] ) ? (string) $entry['reason'] : '' );
		echo '<tr><td>' . esc_html( $when ? date_i18n( get_option( 'date_format' ), $when ) : '' ) . '</td><td>' . esc_html( $what ) . '</td>';
		// <bdi>: a signed number stays "+25" inside right-to-left text.
		echo '<td class="rapport-num"><bdi>' . esc_html( ( $points > 0 ? '+' : '' ) . number_format_i18n( $points ) ) . '</bdi></td></tr>';
	}
	echo '</tbody></table>';
}

/**
 * A readable label for a ledger reason.
 *
 * @param string $reason Ledger reason code.
 * @return string
 */
function rapport_loyalty_reason_label( $reason ) {
	$labels = array(
		'order'             => __( 'Order', 'rapport-loyalty' ),
		'signup'            => __( 'Welcome bonus', 'rapport-loyalty' ),
		'birthday'          => __( 'Birthday', 'rapport-loyalty' ),
		'redemption'        => __( 'Reward', 'rapport-loyalty' ),
		'expiry'            => __( 'Expired points', 'rapport-loyalty' ),
		'referral'          => __( 'Referral', 'rapport-loyalty' ),
		'manual'            => __( 'Adjustment', 'rapport-loyalty' ),
		'first_order'       => __( 'First order bonus', 'rapport-loyalty' ),
		'refund'            => __( 'Refund', 'rapport-loyalty' ),
		'cancellation'      => __( 'Cancelled order', 'rapport-loyalty' ),
		'newsletter'        => __( 'Newsletter', 'rapport-loyalty' ),
		'review'            => __( 'Review', 'rapport-loyalty' ),
		'tier_bonus'        => __( 'Tier bonus', 'rapport-loyalty' ),
		'redemption_return' => __( 'Reward cancelled: points returned', 'rapport-loyalty' ),
	);
	return isset( $labels[ $reason ] ) ? $labels[ $reason ] : __( 'Points', 'rapport-loyalty' );
}
