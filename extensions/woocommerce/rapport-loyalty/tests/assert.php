<?php
/**
 * The plugin's PHP tests share this one assertion: `ok - …` lines, `FAIL: …` on stderr, and a
 * failure count the caller turns into its exit status.
 *
 * @package RapportLoyalty
 */

$failures = 0;
/**
 * Records one assertion.
 *
 * @param bool   $ok   Outcome.
 * @param string $what Description.
 */
function rapport_test_assert( $ok, $what ) {
	global $failures;
	if ( ! $ok ) {
		++$failures;
		fwrite( STDERR, "FAIL: $what\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
	} else {
		echo "ok - $what\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
	}
}
