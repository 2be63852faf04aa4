<?php
/**
 * Removes the plugin's settings and cache when it is deleted (not when it is deactivated).
 *
 * @package RapportLoyalty
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'rapport_loyalty_settings' );
delete_transient( 'rapport_loyalty_program' ); // Before 0.2.0.
delete_transient( 'rapport_loyalty_rule' );
// Members' cached rules (rapport_loyalty_rule_<user id>); with an object cache they simply expire.
global $wpdb;
$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s", $wpdb->esc_like( '_transient_rapport_loyalty_rule_' ) . '%', $wpdb->esc_like( '_transient_timeout_rapport_loyalty_rule_' ) . '%' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one-off clean-up on delete.
