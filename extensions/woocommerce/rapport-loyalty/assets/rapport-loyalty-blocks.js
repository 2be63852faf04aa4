/* global window */
/**
 * Rapport Loyalty: "earn N points" in WooCommerce's Cart and Checkout blocks.
 *
 * Plain script, no build step. The figure comes from the Store API cart response
 * (extensions["rapport-loyalty"]: points, formatted, logged_in), computed in PHP by the same
 * code as the classic cart (includes/earn-rule.php), so both carts always agree; the blocks send
 * it again after every cart change. The ExperimentalOrderMeta slot passes cart, extensions and
 * context to its top-level child. Texts: wp.i18n with languages/*-rapport-loyalty-blocks.json.
 */
( function ( wp, wc ) {
	'use strict';
	if ( ! wp || ! wp.element || ! wp.plugins || ! wp.i18n || ! wc || ! wc.blocksCheckout || ! wc.blocksCheckout.ExperimentalOrderMeta ) {
		return;
	}
	var el = wp.element.createElement;
	var i18n = wp.i18n;
	var settings = wc.wcSettings && wc.wcSettings.getSetting ? wc.wcSettings.getSetting( 'rapport-loyalty_data', {} ) : {};

	function EarnPoints( props ) {
		var data = props && props.extensions ? props.extensions[ 'rapport-loyalty' ] : null;
		if ( ! data || typeof data.points !== 'number' || data.points <= 0 ) {
			return null;
		}
		var text = i18n.sprintf(
			/* translators: %s: number of points */
			i18n._n( 'Earn %s point with this purchase.', 'Earn %s points with this purchase.', data.points, 'rapport-loyalty' ),
			data.formatted || String( data.points )
		);
		var parts = [ 'p', { className: 'rapport-earn rapport-earn--blocks' }, text ];
		if ( ! data.logged_in && settings.joinUrl ) {
			parts.push( ' ', el( 'a', { className: 'rapport-earn__join', href: settings.joinUrl }, i18n.__( 'Create an account or log in to collect them.', 'rapport-loyalty' ) ) );
		}
		return el( 'div', { className: 'wc-block-components-totals-wrapper' }, el.apply( null, parts ) );
	}

	wp.plugins.registerPlugin( 'rapport-loyalty-earn', {
		// One scope for both blocks: the slot renders in the Cart and in the Checkout order summary.
		scope: 'woocommerce-checkout',
		render: function () {
			return el( wc.blocksCheckout.ExperimentalOrderMeta, null, el( EarnPoints, null ) );
		},
	} );
} )( window.wp, window.wc );
