<?php
/**
 * Suggested privacy policy text (Settings > Privacy > Policy Guide). It says exactly what this
 * plugin sends to Rapport, as the code does it: the signed shopper token (includes/token.php)
 * on the server's calls (includes/api.php) and, when the widget is on, from the shopper's
 * browser; cart amounts never leave the shop (includes/earn-rule.php). Keep it and readme.txt's
 * "Privacy" section in step with the code.
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

/**
 * The policy text, one paragraph per kind of data.
 *
 * @return string[]
 */
function rapport_loyalty_privacy_paragraphs() {
	return array(
		__( 'This store runs a loyalty program on Rapport, a service chosen by the store. When a logged-in customer views the cart, a product page or the "Points & rewards" page, this site sends Rapport a signed token with the customer\'s account number on this site, their email address and the site\'s address, to show their points balance, tier, referral link, points history and the points an order will earn.', 'rapport-loyalty' ),
		__( 'The points a cart will earn are worked out on this site: the contents and amounts of carts are not sent to Rapport, and nothing about guests is sent from this site.', 'rapport-loyalty' ),
		__( 'If the store shows the Rapport rewards widget, each visitor\'s browser loads it and talks to Rapport directly, with the same token for logged-in customers. Rapport then also receives the browser\'s IP address (it keeps only a hash of it, to limit abuse) and what the visitor enters in the widget: a referral code with an email address or phone number, or the reward they choose to redeem.', 'rapport-loyalty' ),
		__( 'Orders and customer details (name, email address, phone number, addresses and what was ordered) reach Rapport through the WooCommerce connection the store set up, not through this plugin; Rapport uses them to award and remove points.', 'rapport-loyalty' ),
		__( 'On the "Points & rewards" page a logged-in customer may give their birthday (day and month only, no year): this site sends it to Rapport with the same token, to award birthday points. A customer\'s answer to "Email me news and offers" is kept on their account on this site and reaches Rapport with their customer details, to award newsletter points and to know whether the store may email them.', 'rapport-loyalty' ),
	);
}

add_action(
	'admin_init',
	static function () {
		if ( ! function_exists( 'wp_add_privacy_policy_content' ) ) {
			return;
		}
		$html = '';
		foreach ( rapport_loyalty_privacy_paragraphs() as $paragraph ) {
			$html .= '<p>' . esc_html( $paragraph ) . '</p>';
		}
		wp_add_privacy_policy_content( __( 'Rapport Loyalty', 'rapport-loyalty' ), wp_kses_post( $html ) );
	}
);
