using TradeNode.Bitcoin.Scripting;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Scripting;

public class ScriptTemplateTests(ITestOutputHelper output)
{
    // The generator point G (secret 1): its compressed HASH160 is the program of BIP173's first example address.
    private static readonly Key One = new(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001"));

    private const string OneHash160 = "751e76e8199196d454941c45d1b3a323f1433bd6";

    [Fact]
    public void P2pkh_is_built_from_the_key_hash_and_read_back()
    {
        var script = PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(One.PubKey);

        Assert.Equal($"76a914{OneHash160}88ac", script.ToHex());
        Assert.True(PayToPubkeyHashTemplate.Instance.CheckScriptPubKey(script));
        Assert.Equal(OneHash160, Convert.ToHexStringLower(PayToPubkeyHashTemplate.Instance.ExtractScriptPubKeyParameters(script)!));
        Assert.Null(PayToScriptHashTemplate.Instance.ExtractScriptPubKeyParameters(script));
        Assert.Null(PayToWitTemplate.Instance.ExtractScriptPubKeyParameters(script));
    }

    [Fact]
    public void P2wpkh_is_built_from_the_compressed_key_hash_and_refuses_uncompressed_keys()
    {
        var script = PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(One.PubKey);

        Assert.Equal($"0014{OneHash160}", script.ToHex());
        Assert.Equal(OneHash160, Convert.ToHexStringLower(PayToWitPubKeyHashTemplate.Instance.ExtractScriptPubKeyParameters(script)!));
        var wit = PayToWitTemplate.Instance.ExtractScriptPubKeyParameters(script)!;
        Assert.Equal(0, wit.Version);
        Assert.Equal(20, wit.Program.Length);
        Assert.Null(PayToWitScriptHashTemplate.Instance.ExtractScriptPubKeyParameters(script));
        Assert.Throws<ArgumentException>(() => PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(One.PubKey.Decompress()));
    }

    [Fact]
    public void P2sh_and_p2wsh_commit_to_hash160_and_sha256_of_the_script()
    {
        var redeem = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(1, One.PubKey);

        var p2sh = PayToScriptHashTemplate.Instance.GenerateScriptPubKey(redeem);
        var p2wsh = PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(redeem);

        Assert.Equal("a914" + Convert.ToHexStringLower(TradeNode.Bitcoin.Crypto.Hashes.Hash160(redeem.Span)) + "87", p2sh.ToHex());
        Assert.Equal("0020" + Convert.ToHexStringLower(TradeNode.Bitcoin.Crypto.Hashes.SHA256(redeem.Span)), p2wsh.ToHex());
        Assert.Equal(redeem.Hash160, PayToScriptHashTemplate.Instance.ExtractScriptPubKeyParameters(p2sh));
        Assert.Equal(redeem.WitnessHash, PayToWitScriptHashTemplate.Instance.ExtractScriptPubKeyParameters(p2wsh));
        Assert.False(PayToWitScriptHashTemplate.Instance.CheckScriptPubKey(p2sh));
        Assert.False(PayToScriptHashTemplate.Instance.CheckScriptPubKey(p2wsh));
    }

    [Fact]
    public void Taproot_and_generic_witness_programs_round_trip()
    {
        var key = new byte[32];
        key[31] = 7;

        var p2tr = PayToTaprootTemplate.Instance.GenerateScriptPubKey(key);
        var v2 = PayToWitTemplate.Instance.GenerateScriptPubKey(2, [0x75, 0x1e]);

        Assert.Equal("5120" + Convert.ToHexStringLower(key), p2tr.ToHex());
        Assert.Equal(key, PayToTaprootTemplate.Instance.ExtractScriptPubKeyParameters(p2tr));
        Assert.Equal("5202751e", v2.ToHex());
        Assert.Equal(2, PayToWitTemplate.Instance.ExtractScriptPubKeyParameters(v2)!.Version);
        Assert.Null(PayToTaprootTemplate.Instance.ExtractScriptPubKeyParameters(v2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PayToWitTemplate.Instance.GenerateScriptPubKey(17, key));
        Assert.Throws<ArgumentException>(() => PayToWitTemplate.Instance.GenerateScriptPubKey(1, new byte[41]));
        Assert.Throws<ArgumentException>(() => PayToTaprootTemplate.Instance.GenerateScriptPubKey(new byte[31]));
    }

    [Fact]
    public void Bare_pubkey_needs_a_valid_key_before_op_checksig()
    {
        var script = PayToPubkeyTemplate.Instance.GenerateScriptPubKey(One.PubKey);
        var uncompressed = PayToPubkeyTemplate.Instance.GenerateScriptPubKey(One.PubKey.Decompress());
        var notAKey = new Script([0x21, .. new byte[33], 0xac]);

        Assert.Equal("21" + One.PubKey.ToHex() + "ac", script.ToHex());
        Assert.Equal(One.PubKey, PayToPubkeyTemplate.Instance.ExtractScriptPubKeyParameters(script));
        Assert.Equal(One.PubKey.Decompress(), PayToPubkeyTemplate.Instance.ExtractScriptPubKeyParameters(uncompressed));
        Assert.Null(PayToPubkeyTemplate.Instance.ExtractScriptPubKeyParameters(notAKey));
    }

    [Fact]
    public void Every_key_io_script_pub_key_matches_exactly_the_template_of_its_kind()
    {
        var passed = 0;
        foreach (var row in VectorFile.ReadJson("bitcoin-core/key_io_valid.json").EnumerateArray())
        {
            if (row[2].GetProperty("isPrivkey").GetBoolean())
            {
                continue;
            }

            var script = Script.FromHex(row[1].GetString()!);
            var hex = script.ToHex();
            var expected = hex switch
            {
                _ when hex.StartsWith("76a914", StringComparison.Ordinal) => "p2pkh",
                _ when hex.StartsWith("a914", StringComparison.Ordinal) => "p2sh",
                _ when hex.StartsWith("0014", StringComparison.Ordinal) => "p2wpkh",
                _ when hex.StartsWith("0020", StringComparison.Ordinal) => "p2wsh",
                _ when hex.StartsWith("5120", StringComparison.Ordinal) => "p2tr",
                _ => "witness",
            };

            Assert.Equal(expected == "p2pkh", PayToPubkeyHashTemplate.Instance.CheckScriptPubKey(script));
            Assert.Equal(expected == "p2sh", PayToScriptHashTemplate.Instance.CheckScriptPubKey(script));
            Assert.Equal(expected == "p2wpkh", PayToWitPubKeyHashTemplate.Instance.CheckScriptPubKey(script));
            Assert.Equal(expected == "p2wsh", PayToWitScriptHashTemplate.Instance.CheckScriptPubKey(script));
            Assert.Equal(expected == "p2tr", PayToTaprootTemplate.Instance.CheckScriptPubKey(script));
            Assert.Equal(expected is not ("p2pkh" or "p2sh"), PayToWitTemplate.Instance.CheckScriptPubKey(script));
            Assert.False(PayToMultiSigTemplate.Instance.CheckScriptPubKey(script));
            passed++;
        }

        output.WriteLine($"key_io_valid.json: {passed} address scripts classified, 16 private keys not applicable");
        Assert.Equal(54, passed);
    }

    [Fact]
    public void Every_bip67_vector_sorts_into_the_expected_redeem_script()
    {
        int passed = 0, skipped = 0;
        foreach (var vector in VectorFile.ReadJson("bips/bip67_vectors.json").GetProperty("vectors").EnumerateArray())
        {
            var name = vector.GetProperty("vector").GetString();
            var keyHex = vector.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToList();
            var keys = new List<PubKey>();
            foreach (var hex in keyHex)
            {
                if (PubKey.TryCreate(Convert.FromHexString(hex), out var key))
                {
                    keys.Add(key);
                }
            }

            if (keys.Count != keyHex.Count)
            {
                output.WriteLine($"  {name}: skipped, its keys are not points on secp256k1 so PubKey refuses them");
                skipped++;
                continue;
            }

            var m = vector.GetProperty("required_signatures").GetInt32();

            var script = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(m, true, [.. keys]);
            var parameters = PayToMultiSigTemplate.Instance.ExtractScriptPubKeyParameters(script)!;

            Assert.Equal(vector.GetProperty("script").GetString(), script.ToHex());
            Assert.Equal(m, parameters.SignatureCount);
            Assert.Equal(
                vector.GetProperty("sorted_keys").EnumerateArray().Select(k => k.GetString()),
                parameters.PubKeys.Select(k => k.ToHex()));
            passed++;
        }

        output.WriteLine($"bip67_vectors.json: {passed} passed, {skipped} skipped");
        Assert.Equal(4, passed + skipped);
        Assert.True(passed >= 3);
    }

    [Fact]
    public void Unsorted_multisig_keeps_the_given_order()
    {
        var a = new Key(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000002")).PubKey;
        var b = One.PubKey;

        var script = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(1, a, b);
        var sorted = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(1, true, a, b);

        Assert.Equal($"1 {a.ToHex()} {b.ToHex()} 2 OP_CHECKMULTISIG", script.ToString());
        Assert.Equal(new[] { a, b }.OrderBy(k => k.ToHex(), StringComparer.Ordinal), PayToMultiSigTemplate.Instance.ExtractScriptPubKeyParameters(sorted)!.PubKeys);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(3, 2)]
    [InlineData(-1, 1)]
    [InlineData(1, 17)]
    [InlineData(1, 0)]
    public void Multisig_outside_one_to_sixteen_is_refused(int m, int n)
    {
        var keys = Enumerable.Repeat(One.PubKey, n).ToArray();

        var ex = Assert.Throws<ArgumentException>(() => PayToMultiSigTemplate.Instance.GenerateScriptPubKey(m, keys));

        Assert.Contains("multisig", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Bip67_sorting_refuses_uncompressed_keys()
    {
        Assert.Throws<ArgumentException>(() => PayToMultiSigTemplate.Instance.GenerateScriptPubKey(1, true, One.PubKey.Decompress()));
    }

    [Theory]
    [InlineData("2 0x21 0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798 1 OP_CHECKMULTISIG")]
    [InlineData("1 0x21 0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798 2 OP_CHECKMULTISIG")]
    [InlineData("1 0x21 0x020000000000000000000000000000000000000000000000000000000000000000 1 OP_CHECKMULTISIG")]
    [InlineData("1 0x21 0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798 1 OP_CHECKSIG")]
    [InlineData("0 0x21 0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798 1 OP_CHECKMULTISIG")]
    [InlineData("1 0x21 0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798 1")]
    [InlineData("1 0x21 0x0279be667ef9")]
    public void Malformed_multisig_scripts_give_null_parameters(string asm)
    {
        var script = Script.Parse(asm);

        Assert.Null(PayToMultiSigTemplate.Instance.ExtractScriptPubKeyParameters(script));
        Assert.False(PayToMultiSigTemplate.Instance.CheckScriptPubKey(script));
    }
}
