<?php
/**
 * Removes the plugin's settings and cache when it is deleted (not when it is deactivated).
 *
 * @package RapportLoyalty
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'rapport_loyalty_settings' );
delete_transient( 'rapport_loyalty_program' );
