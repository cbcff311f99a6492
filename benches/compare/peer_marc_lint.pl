#!/usr/bin/perl
# Peer validator for `benches/compare/run validate`: MARC::Lint (Debian libmarc-lint-perl)
# checks every record of an ISO 2709 file and counts its warnings.
# usage: peer_marc_lint.pl FILE
use strict;
use warnings;
use MARC::Batch;
use MARC::Lint;

my $file = shift or die "usage: $0 FILE\n";
my $batch = MARC::Batch->new( 'USMARC', $file );
$batch->strict_off();     # keep going past a bad record
$batch->warnings_off();   # do not print the reader's own warnings
my $lint = MARC::Lint->new;
my ( $records, $with_warnings, $warnings ) = ( 0, 0, 0 );
while ( my $record = $batch->next() ) {
    $records++;
    $lint->check_record($record);
    my @w = $lint->warnings();
    $warnings += scalar @w;
    $with_warnings++ if @w;
}
print "marc-lint: records=$records warnings=$warnings records_with_warnings=$with_warnings\n";
