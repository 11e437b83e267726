using System.Security.Cryptography;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Descriptors;
using TradeNode.Bitcoin.Tests.Fuzzing;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Descriptors;

public class OutputDescriptorTests(ITestOutputHelper output)
{
    private const string CompressedHex = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
    private const string UncompressedHex = "04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235";
    private const string MainWif = "L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1";
    private const string MainXpub = "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL";

    private static readonly KeyPath AccountPath = KeyPath.Parse("m/48'/1'/0'/2'");

    [Fact]
    public void Two_of_three_wsh_sortedmulti_with_origins_expands_to_the_hand_built_script()
    {
        var (text, masters) = TwoOfThree("wsh({0})");
        var descriptor = OutputDescriptor.Parse(text, Network.TestNet);

        var expanded = descriptor.ExpandSingle(7);

        var childPath = AccountPath.Derive(KeyPath.Parse("0/7"));
        var keys = masters.Select(m => m.Derive(childPath).PubKey.ToBytes()).ToArray();
        var witnessScript = HandBuiltSortedMultisig(2, keys);
        Assert.Equal(witnessScript, expanded.WitnessScript!.ToBytes());
        Assert.Equal([0x00, 0x20, .. SHA256.HashData(witnessScript)], expanded.ScriptPubKey.ToBytes());
        Assert.Null(expanded.RedeemScript);
        Assert.True(descriptor.IsRange);
        Assert.Equal(DescriptorType.Wsh, descriptor.Type);
        Assert.Equal(3, expanded.Keys.Count);
        for (var i = 0; i < 3; i++)
        {
            // Keys come in the order written, each with master fingerprint and full path.
            Assert.Equal(keys[i], expanded.Keys[i].PubKey.ToBytes());
            Assert.Equal(new RootedKeyPath(masters[i].Fingerprint, childPath), expanded.Keys[i].Origin);
            Assert.Null(expanded.Keys[i].PrivateKey);
        }

        Assert.NotEqual(expanded.ScriptPubKey, descriptor.ExpandSingle(8).ScriptPubKey);
    }

    [Fact]
    public void Two_of_three_sh_wsh_sortedmulti_has_redeem_and_witness_scripts()
    {
        var (text, masters) = TwoOfThree("sh(wsh({0}))");
        var descriptor = OutputDescriptor.Parse(text, Network.TestNet);

        var expanded = descriptor.ExpandSingle(0);

        var keys = masters.Select(m => m.Derive(AccountPath.Derive(KeyPath.Parse("0/0"))).PubKey.ToBytes()).ToArray();
        var witnessScript = HandBuiltSortedMultisig(2, keys);
        byte[] p2wsh = [0x00, 0x20, .. SHA256.HashData(witnessScript)];
        Assert.Equal(witnessScript, expanded.WitnessScript!.ToBytes());
        Assert.Equal(p2wsh, expanded.RedeemScript!.ToBytes());
        Assert.Equal([0xa9, 0x14, .. TradeNode.Bitcoin.Crypto.Hashes.Hash160(p2wsh), 0x87], expanded.ScriptPubKey.ToBytes());
    }

    [Fact]
    public void ToString_is_the_canonical_text_with_its_checksum_and_parses_back()
    {
        var (text, _) = TwoOfThree("wsh({0})");
        var descriptor = OutputDescriptor.Parse(text, Network.TestNet);

        var printed = descriptor.ToString();

        Assert.Equal(text + "#" + DescriptorChecksum.Compute(text), printed);
        Assert.True(DescriptorChecksum.IsValid(printed));
        var reparsed = OutputDescriptor.Parse(printed, Network.TestNet, requireChecksum: true);
        Assert.Equal(printed, reparsed.ToString());
        Assert.Equal(descriptor.ExpandSingle(3).ScriptPubKey, reparsed.ExpandSingle(3).ScriptPubKey);
    }

    [Fact]
    public void Public_form_hides_private_keys_and_private_form_keeps_them()
    {
        var descriptor = OutputDescriptor.Parse($"pkh({MainWif})", Network.Main);

        Assert.True(descriptor.HasPrivateKeys);
        Assert.Equal(DescriptorChecksum.AddChecksum($"pkh({CompressedHex})"), descriptor.ToString());
        Assert.Equal(DescriptorChecksum.AddChecksum($"pkh({MainWif})"), descriptor.ToString(includePrivate: true));
        Assert.NotNull(descriptor.ExpandSingle(0).Keys[0].PrivateKey);
        Assert.DoesNotContain(MainWif, descriptor.ExpandSingle(0).Keys[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Xprv_public_form_is_the_matching_xpub()
    {
        var master = ExtKey.CreateFromSeed(Enumerable.Repeat((byte)9, 32).ToArray());
        var descriptor = OutputDescriptor.Parse($"wpkh({master.ToString(Network.Main)}/0/*)", Network.Main);

        var publicOnly = OutputDescriptor.Parse(descriptor.ToString(), Network.Main, requireChecksum: true);

        Assert.Contains(master.Neuter().ToString(Network.Main), descriptor.ToString(), StringComparison.Ordinal);
        Assert.False(publicOnly.HasPrivateKeys);
        Assert.Equal(descriptor.ExpandSingle(5).ScriptPubKey, publicOnly.ExpandSingle(5).ScriptPubKey);
    }

    [Fact]
    public void Key_without_origin_gets_its_own_fingerprint_and_the_path_after_it()
    {
        var xpub = ExtPubKey.Parse(MainXpub, Network.Main);
        var descriptor = OutputDescriptor.Parse($"wpkh({MainXpub}/1/*)", Network.Main);

        var key = descriptor.ExpandSingle(3).Keys[0];

        Assert.Equal(new RootedKeyPath(xpub.Fingerprint, new KeyPath(1, 3)), key.Origin);
        Assert.Equal(xpub.Derive(1).Derive(3).PubKey, key.PubKey);
    }

    [Fact]
    public void Hardened_wildcard_uses_the_hardened_child_and_prints_the_marker_used()
    {
        var master = ExtKey.CreateFromSeed(Enumerable.Repeat((byte)3, 32).ToArray());
        var text = $"[{master.Fingerprint}/84h]{master.Derive(KeyPath.Parse("84'")).ToString(Network.Main)}/*h";
        var descriptor = OutputDescriptor.Parse($"wpkh({text})", Network.Main);

        var key = descriptor.ExpandSingle(2).Keys[0];

        Assert.Equal(master.Derive(KeyPath.Parse("84'/2'")).PubKey, key.PubKey);
        Assert.Equal($"{master.Fingerprint}/84'/2'", key.Origin.ToString());
        Assert.StartsWith($"wpkh([{master.Fingerprint}/84h]", descriptor.ToString(), StringComparison.Ordinal);
        Assert.Contains("/*h)#", descriptor.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Xpub_with_a_hardened_step_parses_but_cannot_expand()
    {
        var descriptor = OutputDescriptor.Parse($"pkh({MainXpub}/1h/*)", Network.Main);

        Assert.Throws<InvalidOperationException>(() => descriptor.Expand(0));
    }

    [Fact]
    public void Negative_index_is_refused()
    {
        var descriptor = OutputDescriptor.Parse($"pkh({MainXpub}/*)", Network.Main);

        Assert.Throws<ArgumentOutOfRangeException>(() => descriptor.Expand(-1));
    }

    [Fact]
    public void Combo_gives_four_outputs_for_a_compressed_key_and_two_for_an_uncompressed_one()
    {
        var compressed = OutputDescriptor.Parse($"combo({CompressedHex})", Network.Main);
        var uncompressed = OutputDescriptor.Parse($"combo({UncompressedHex})", Network.Main);

        Assert.Equal(4, compressed.Expand(0).Count);
        Assert.Equal(2, uncompressed.Expand(0).Count);
        Assert.Equal(compressed.Expand(0)[2].ScriptPubKey, compressed.Expand(0)[3].RedeemScript);
        Assert.Throws<InvalidOperationException>(() => compressed.ExpandSingle(0));
    }

    [Fact]
    public void Addr_gives_the_address_script_on_its_own_network_only()
    {
        var address = new Key(Enumerable.Repeat((byte)5, 32).ToArray()).PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.RegTest);

        var descriptor = OutputDescriptor.Parse($"addr({address})", Network.RegTest);

        Assert.Equal(address.ScriptPubKey, descriptor.ExpandSingle(0).ScriptPubKey);
        Assert.Equal(DescriptorChecksum.AddChecksum($"addr({address})"), descriptor.ToString());
        Assert.Throws<FormatException>(() => OutputDescriptor.Parse($"addr({address})", Network.Main));
    }

    [Fact]
    public void Checksum_can_be_required()
    {
        var text = $"wpkh({CompressedHex})";

        Assert.False(OutputDescriptor.TryParse(text, Network.Main, requireChecksum: true, out _, out var error));
        Assert.Contains("checksum", error, StringComparison.Ordinal);
        Assert.True(OutputDescriptor.TryParse(DescriptorChecksum.AddChecksum(text), Network.Main, requireChecksum: true, out _, out _));
    }

    [Fact]
    public void Keys_of_another_network_are_rejected()
    {
        var (text, _) = TwoOfThree("wsh({0})");

        Assert.Throws<FormatException>(() => OutputDescriptor.Parse(text, Network.Main));
        Assert.Throws<FormatException>(() => OutputDescriptor.Parse($"pkh({MainWif})", Network.TestNet));
        Assert.Throws<FormatException>(() => OutputDescriptor.Parse($"pkh({MainXpub})", Network.RegTest));
    }

    [Fact]
    public void Multisig_key_limits_follow_the_context()
    {
        string Keys(int n) => string.Join(',', Enumerable.Range(1, n).Select(i => new Key(Enumerable.Repeat((byte)i, 32).ToArray()).PubKey.ToHex()));

        Assert.True(OutputDescriptor.TryParse($"multi(1,{Keys(3)})", Network.Main, out _));
        Assert.False(OutputDescriptor.TryParse($"multi(1,{Keys(4)})", Network.Main, out _));
        Assert.True(OutputDescriptor.TryParse($"sh(multi(1,{Keys(15)}))", Network.Main, out _));
        Assert.False(OutputDescriptor.TryParse($"sh(multi(1,{Keys(16)}))", Network.Main, out _));
        Assert.True(OutputDescriptor.TryParse($"wsh(sortedmulti(20,{Keys(20)}))", Network.Main, out var twenty));
        Assert.False(OutputDescriptor.TryParse($"wsh(multi(1,{Keys(21)}))", Network.Main, out _));

        // OP_20 does not exist: 20 is pushed as the one-byte number 0x14.
        var script = twenty!.ExpandSingle(0).WitnessScript!.ToBytes();
        Assert.Equal([0x01, 0x14], script[..2]);
        Assert.Equal([0x01, 0x14, 0xae], script[^3..]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("pkh(")]
    [InlineData("pkh()")]
    [InlineData("pkh(,)")]
    [InlineData("pkh(a)(b)")]
    [InlineData("pkh(" + CompressedHex + ")x")]
    [InlineData("pkh(" + CompressedHex + ")#")]
    [InlineData("pkh(" + CompressedHex + ")#qqqqqqqq")]
    [InlineData("pkh(" + CompressedHex + ")#qqqqqqq")]
    [InlineData("pkh(" + CompressedHex + ")#qqqq#qqq")]
    [InlineData("PKH(" + CompressedHex + ")")]
    [InlineData("foo(" + CompressedHex + ")")]
    [InlineData("tr(" + CompressedHex + ")")]
    [InlineData("sh(sh(pkh(" + CompressedHex + ")))")]
    [InlineData("wsh(wpkh(" + CompressedHex + "))")]
    [InlineData("sh(combo(" + CompressedHex + "))")]
    [InlineData("pkh(" + CompressedHex + "," + CompressedHex + ")")]
    [InlineData("pkh(03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5)")]
    [InlineData("pkh(05a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)")]
    [InlineData("pkh(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)")]
    [InlineData("pkh(" + CompressedHex + "/0)")]
    [InlineData("pkh(" + MainWif + "/0)")]
    [InlineData("pkh(xpub123)")]
    [InlineData("pkh(" + MainXpub + "/0/*/1)")]
    [InlineData("pkh(" + MainXpub + "//1)")]
    [InlineData("pkh(" + MainXpub + "/1/)")]
    [InlineData("pkh(" + MainXpub + "/2147483648)")]
    [InlineData("pkh(" + MainXpub + "/-1)")]
    [InlineData("pkh(" + MainXpub + "/0x1)")]
    [InlineData("pkh([d34db33f" + MainXpub + ")")]
    [InlineData("pkh([d34db33]" + MainXpub + ")")]
    [InlineData("pkh([d34db33f/1]/" + MainXpub + ")")]
    [InlineData("multi(1)")]
    [InlineData("multi(,)")]
    [InlineData("multi(-1," + CompressedHex + ")")]
    [InlineData("multi(99999999999," + CompressedHex + ")")]
    [InlineData("multi(1,," + CompressedHex + ")")]
    [InlineData("sortedmulti(2," + CompressedHex + ")")]
    [InlineData("raw()")]
    [InlineData("raw(abc)")]
    [InlineData("sh()")]
    [InlineData("wsh(raw(00))")]
    [InlineData("pkh(" + CompressedHex + ")\u00fc")]
    public void Bad_input_is_a_format_exception_with_a_sentence(string text)
    {
        var ex = Assert.Throws<FormatException>(() => OutputDescriptor.Parse(text, Network.Main));

        Assert.True(ex.Message.Length > 15 && ex.Message.EndsWith('.'), ex.Message);
        Assert.False(OutputDescriptor.TryParse(text, Network.Main, requireChecksum: false, out var descriptor, out var error));
        Assert.Null(descriptor);
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void Huge_and_deeply_nested_inputs_are_rejected_quickly()
    {
        string[] inputs =
        [
            new string('a', OutputDescriptor.MaxLength + 1),
            string.Concat(Enumerable.Repeat("sh(", 4000)) + new string(')', 4000),
            string.Concat(Enumerable.Repeat("wsh(", 3000)) + new string(')', 3000),
            "pkh(" + new string('1', 15_000) + ")",
            "pkh(" + MainXpub + string.Concat(Enumerable.Repeat("/0", 256)) + ")",
            "multi(1," + string.Join(',', Enumerable.Repeat(CompressedHex, 200)) + ")",
            new string('(', 16_000),
        ];

        foreach (var text in inputs)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Throws<FormatException>(() => OutputDescriptor.Parse(text, Network.Main));
            Assert.True(watch.ElapsedMilliseconds < 2000, $"{text[..20]}… took {watch.ElapsedMilliseconds} ms");
        }
    }

    [Fact]
    public void Random_and_mutated_descriptors_only_throw_format_errors_and_what_parses_expands()
    {
        var root = VectorFile.ReadJson("bips/bip380-386_descriptor_vectors.json");
        var seeds = new[] { "bip381", "bip382", "bip383", "bip384", "bip385" }
            .SelectMany(bip => root.GetProperty(bip).GetProperty("valid").EnumerateArray())
            .Select(item => item.GetProperty("descriptor").GetString()!)
            .Append(TwoOfThree("wsh({0})").Text)
            .ToList();

        var report = ParserFuzzer.FuzzText(
            text =>
            {
                var descriptor = OutputDescriptor.Parse(text, Network.Main);
                _ = descriptor.ToString(includePrivate: true);
                try
                {
                    // Whatever parses must expand; the only allowed refusal is a hardened step after an xpub.
                    _ = descriptor.Expand(1);
                }
                catch (InvalidOperationException ex) when (ex.Message.Contains("hardened", StringComparison.Ordinal))
                {
                }
            },
            seeds,
            3000);

        output.WriteLine($"OutputDescriptor.Parse: {report}");
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(10)));
        Assert.True(report.Accepted > 0 && report.Rejected > 0, report.ToString());
    }

    /// <summary>A 2-of-3 BIP48 (script type 2') testnet multisig: each cosigner's [fingerprint/48h/1h/0h/2h]tpub/0/*.</summary>
    private static (string Text, ExtKey[] Masters) TwoOfThree(string wrapper)
    {
        var masters = new[] { 1, 2, 3 }.Select(i => ExtKey.CreateFromSeed(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
        var keys = masters.Select(m => $"[{m.Fingerprint}/48h/1h/0h/2h]{m.Derive(AccountPath).Neuter().ToString(Network.TestNet)}/0/*");
        var multisig = $"sortedmulti(2,{string.Join(',', keys)})";
        return (wrapper.Replace("{0}", multisig, StringComparison.Ordinal), masters);
    }

    /// <summary>OP_k, the keys in BIP67 byte order, OP_n, OP_CHECKMULTISIG, written out byte by byte.</summary>
    private static byte[] HandBuiltSortedMultisig(int threshold, byte[][] keys)
    {
        var sorted = keys.OrderBy(Convert.ToHexStringLower, StringComparer.Ordinal).ToList();
        var script = new List<byte> { (byte)(0x50 + threshold) };
        foreach (var key in sorted)
        {
            script.Add((byte)key.Length);
            script.AddRange(key);
        }

        script.Add((byte)(0x50 + keys.Length));
        script.Add(0xae);
        return [.. script];
    }
}
