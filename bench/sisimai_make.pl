#!/usr/bin/perl
# sisimai_make.pl - the Sisimai side of bench/parse_vs_sisimai.sh.
#
# usage: sisimai_make.pl [-n ROUNDS] PATH...
#
# Calls Sisimai->make on every PATH (a bounce file, a Maildir-style
# directory or an mbox), ROUNDS times (default 1), and prints one line
#   messages=M records=R bytes=B seconds=S
# where M counts the messages read (files of a directory, "From " lines of
# an mbox), R the records Sisimai returned, B the bytes read and S the time
# spent in Sisimai->make (Perl's start-up and module loading excluded).
use strict;
use warnings;
use Time::HiRes qw(time);
use Sisimai;

my $rounds = 1;
while (@ARGV && $ARGV[0] =~ /^-/) {
    my $opt = shift @ARGV;
    if ($opt eq '-n') { $rounds = shift @ARGV; }
    elsif ($opt eq '--') { last; }
    else { die "usage: $0 [-n ROUNDS] PATH...\n"; }
}
die "usage: $0 [-n ROUNDS] PATH...\n" unless @ARGV && $rounds =~ /^[1-9][0-9]*$/;

# Size of the input, counted once per round.
my ($messages, $bytes) = (0, 0);
for my $path (@ARGV) {
    if (-d $path) {
        opendir(my $dh, $path) or die "$path: $!\n";
        for my $f (readdir $dh) {
            my $p = "$path/$f";
            next unless -f $p;
            $messages++;
            $bytes += -s $p;
        }
        closedir $dh;
    } elsif (-f $path) {
        $bytes += -s $path;
        open(my $fh, '<', $path) or die "$path: $!\n";
        my $n = 0;
        while (my $line = <$fh>) { $n++ if $line =~ /^From /; }
        close $fh;
        $messages += $n > 0 ? $n : 1;
    } else {
        die "$path: no such file or directory\n";
    }
}

my $records = 0;
my $t0 = time;
for (1 .. $rounds) {
    for my $path (@ARGV) {
        my $v = Sisimai->make($path);
        $records += scalar @$v if ref $v eq 'ARRAY';
    }
}
my $secs = time - $t0;
printf "messages=%d records=%d bytes=%d seconds=%.3f\n",
    $messages * $rounds, $records, $bytes * $rounds, $secs;
