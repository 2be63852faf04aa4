<?php
/**
 * Newsletter opt-in. WooCommerce core records no marketing consent, so the plugin asks at
 * checkout (classic) and in My Account > Account details, and keeps the decision on the customer
 * (meta rapport_marketing_consent and its UTC time). Saving the customer fires WooCommerce's
 * customer.updated webhook: Rapport reads the meta from it (and from its REST reconcile) and pays
 * the program's newsletter points once per customer. Guests who create no account have no
 * customer to keep it on, so they are not asked.
 *
 * @package RapportLoyalty
 */

defined( 'ABSPATH' ) || exit;

/**
 * Whether the customer's latest decision is a yes.
 *
 * @param int $user_id User id.
 * @return bool
 */
function rapport_loyalty_is_subscribed( $user_id ) {
	return 'subscribed' === get_user_meta( $user_id, RAPPORT_LOYALTY_CONSENT_META, true );
}

/**
 * Records a decision on the customer and saves it (which notifies Rapport).
 *
 * @param WC_Customer $customer   The customer.
 * @param bool        $subscribed Yes or no.
 */
function rapport_loyalty_record_consent( $customer, $subscribed ) {
	foreach ( rapport_loyalty_consent_meta( $subscribed, time() ) as $key => $value ) {
		$customer->update_meta_data( $key, $value );
	}
}

add_filter(
	'woocommerce_checkout_fields',
	static function ( $fields ) {
		$field = array(
			'type'     => 'checkbox',
			'label'    => __( 'Email me news and offers', 'rapport-loyalty' ),
			'required' => false,
			'priority' => 200,
		);
		if ( is_user_logged_in() ) {
			// Already subscribed: nothing to ask.
			if ( ! rapport_loyalty_is_subscribed( get_current_user_id() ) ) {
				$fields['order']['rapport_newsletter'] = $field;
			}
		} elseif ( WC()->checkout()->is_registration_enabled() ) {
			// With the account fields: shown only to shoppers who create an account.
			$fields['account']['rapport_newsletter'] = $field;
		}
		return $fields;
	}
);

// Runs just before WooCommerce saves the customer at checkout. An unticked box is not an
// unsubscribe: only a yes is recorded here.
add_action(
	'woocommerce_checkout_update_customer',
	static function ( $customer, $data ) {
		if ( ! empty( $data['rapport_newsletter'] ) && 'subscribed' !== $customer->get_meta( RAPPORT_LOYALTY_CONSENT_META ) ) {
			rapport_loyalty_record_consent( $customer, true );
		}
	},
	10,
	2
);

add_action(
	'woocommerce_edit_account_form',
	static function () {
		$checked = rapport_loyalty_is_subscribed( get_current_user_id() );
		echo '<p class="woocommerce-form-row form-row"><label class="woocommerce-form__label woocommerce-form__label-for-checkbox">';
		echo '<input type="checkbox" class="woocommerce-form__input woocommerce-form__input-checkbox" name="rapport_newsletter" value="1"' . checked( $checked, true, false ) . ' /> ';
		echo '<span>' . esc_html__( 'Email me news and offers', 'rapport-loyalty' ) . '</span></label>';
		wp_nonce_field( 'rapport_newsletter', 'rapport_newsletter_nonce' );
		echo '</p>';
	}
);

// WooCommerce has saved the account details (and verified its own nonce); a changed answer is
// recorded and the customer saved again, which notifies Rapport.
add_action(
	'woocommerce_save_account_details',
	static function ( $user_id ) {
		if ( ! isset( $_POST['rapport_newsletter_nonce'] ) || ! wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST['rapport_newsletter_nonce'] ) ), 'rapport_newsletter' ) ) {
			return;
		}
		$wanted = ! empty( $_POST['rapport_newsletter'] );
		if ( $wanted === rapport_loyalty_is_subscribed( $user_id ) ) {
			return;
		}
		$customer = new WC_Customer( $user_id );
		rapport_loyalty_record_consent( $customer, $wanted );
		$customer->save();
	}
);
