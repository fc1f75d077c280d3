# RubyGems oracle: reads "A<TAB>B" lines on stdin and prints "<", "=" or ">" for
# Gem::Version.new(A) <=> Gem::Version.new(B), or "error" when either is not a valid version.
$stdin.binmode
$stdin.each_line do |line|
  a, b = line.chomp("\n").split("\t", 2)
  begin
    puts ["=", ">", "<"][Gem::Version.new(a) <=> Gem::Version.new(b)]
  rescue ArgumentError, EncodingError
    puts "error"
  end
end
