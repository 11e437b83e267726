using TradeNode.Bitcoin.Psbt;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Bitcoin.Tests.Fuzzing;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Psbt;

/// <summary>Encoding rules: unknown fields survive, bad input is a FormatException with a sentence, v2 is refused.</summary>
public class PsbtParsingTests(ITestOutputHelper output)
{
    private const int Iterations = 5_000;

    [Fact]
    public void Unknown_and_proprietary_fields_survive_a_round_trip_in_every_map()
    {
        var psbt = SamplePsbt();
        byte[] proprietaryKey = [0xfc, 0x05, .. "trade"u8, 0x01, 0xab];
        psbt.Unknown.Add([0xf0, 0x01], [0x01, 0x02]);
        psbt.Unknown.Add(proprietaryKey, [0x42]);
        psbt.Inputs[0].Unknown.Add([0x99, 0xff, 0xee], []);
        psbt.Inputs[0].Unknown.Add(proprietaryKey, [0x43]);
        psbt.Outputs[1].Unknown.Add([0x7f], [0x10, 0x20, 0x30]);

        var copy = PSBT.Parse(psbt.ToBase64(), Network.RegTest);

        Assert.Equal([0x01, 0x02], copy.Unknown[[0xf0, 0x01]]);
        Assert.Equal([0x42], copy.Unknown[proprietaryKey]);
        Assert.Equal([], copy.Inputs[0].Unknown[[0x99, 0xff, 0xee]]);
        Assert.Equal([0x43], copy.Inputs[0].Unknown[proprietaryKey]);
        Assert.Equal([0x10, 0x20, 0x30], copy.Outputs[1].Unknown[[0x7f]]);
        Assert.Empty(copy.Outputs[0].Unknown);
        Assert.Equal(psbt.ToHex(), copy.ToHex());
    }

    [Fact]
    public void Combine_keeps_the_unknown_fields_of_both_sides_and_finalizing_keeps_them_too()
    {
        var key = new Key(Enumerable.Repeat((byte)5, 32).ToArray());
        var left = SamplePsbt(key);
        var right = left.Clone();
        left.Inputs[0].Unknown.Add([0xf1], [0x01]);
        right.Inputs[0].Unknown.Add([0xf2], [0x02]);
        right.Unknown.Add([0xf3], [0x03]);

        var combined = left.Combine(right).SignWithKeys(key).Finalize();

        Assert.Equal([[0xf1], [0xf2]], combined.Inputs[0].Unknown.Keys);
        Assert.Equal([0x03], combined.Unknown[[0xf3]]);
    }

    [Fact]
    public void Version_2_and_other_versions_above_0_are_refused_as_not_supported()
    {
        var bytes = SamplePsbt().ToBytes();
        foreach (var version in new byte[] { 1, 2 })
        {
            // Insert PSBT_GLOBAL_VERSION just before the end of the global map.
            var globalEnd = IndexOfGlobalSeparator(bytes);
            byte[] withVersion = [.. bytes[..globalEnd], 0x01, 0xfb, 0x04, version, 0, 0, 0, .. bytes[globalEnd..]];

            var refused = Assert.Throws<FormatException>(() => PSBT.Load(withVersion, Network.RegTest));

            Assert.Contains("PSBTv2 is not supported", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"version {version}", refused.Message, StringComparison.Ordinal);
        }

        byte[] withZero = [.. bytes[..IndexOfGlobalSeparator(bytes)], 0x01, 0xfb, 0x04, 0, 0, 0, 0, .. bytes[IndexOfGlobalSeparator(bytes)..]];
        Assert.Equal(0u, PSBT.Load(withZero, Network.RegTest).Version);
        Assert.Equal(Convert.ToHexStringLower(withZero), PSBT.Load(withZero, Network.RegTest).ToHex());
    }

    [Fact]
    public void Every_truncation_of_a_psbt_is_rejected_with_a_sentence()
    {
        var bytes = SamplePsbt().ToBytes();
        for (var length = 0; length < bytes.Length; length++)
        {
            var ex = Assert.Throws<FormatException>(() => PSBT.Load(bytes.AsSpan(0, length), Network.RegTest));
            Assert.True(ex.Message.Length >= 20, ex.Message);
            Assert.False(PSBT.TryParse(Convert.ToBase64String(bytes, 0, length), Network.RegTest, out _));
        }

        output.WriteLine($"{bytes.Length} truncations rejected");
    }

    [Fact]
    public void Oversized_input_and_trailing_data_are_rejected()
    {
        var bytes = SamplePsbt().ToBytes();
        byte[] oversized = [.. bytes, .. new byte[PSBT.MaxSize]];

        Assert.Contains("too large", Assert.Throws<FormatException>(() => PSBT.Load(oversized, Network.RegTest)).Message, StringComparison.Ordinal);
        Assert.Contains("too large", Assert.Throws<FormatException>(() => PSBT.Parse(new string('A', (PSBT.MaxSize * 2) + 4), Network.RegTest)).Message, StringComparison.Ordinal);
        Assert.Contains("extra data", Assert.Throws<FormatException>(() => PSBT.Load([.. bytes, 0x00], Network.RegTest)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("cHNidP8")]
    [InlineData("cHNidP8B====")]
    [InlineData("cHNi dP8BAA==")]
    [InlineData("70736274ff01")]
    [InlineData("70736274fg")]
    [InlineData("not a psbt at all")]
    [InlineData("AAAAAAAA")]
    public void Malformed_text_is_rejected_with_a_sentence(string text)
    {
        var ex = Assert.Throws<FormatException>(() => PSBT.Parse(text, Network.RegTest));

        Assert.True(ex.Message.Length >= 20, ex.Message);
        Assert.False(PSBT.TryParse(text, Network.RegTest, out _));
    }

    [Fact]
    public void Random_and_mutated_bytes_and_base64_only_ever_throw_format_errors()
    {
        var seeds = VectorFile.ReadJson("bips/bip174_psbt_vectors.json").GetProperty("valid").EnumerateArray()
            .Select(v => Convert.FromHexString(v.GetProperty("hex").GetString()!))
            .Append(SamplePsbt().ToBytes())
            .ToList();

        var bytesReport = ParserFuzzer.FuzzBytes(bytes => PSBT.Load(bytes, Network.RegTest), seeds, Iterations);
        var textReport = ParserFuzzer.FuzzText(text => PSBT.Parse(text, Network.RegTest), seeds.Select(Convert.ToBase64String).ToList(), Iterations);

        output.WriteLine($"PSBT.Load: {bytesReport}");
        output.WriteLine($"PSBT.Parse: {textReport}");
        Assert.True(bytesReport.Failures.Count == 0, string.Join(Environment.NewLine, bytesReport.Failures.Take(10)));
        Assert.True(textReport.Failures.Count == 0, string.Join(Environment.NewLine, textReport.Failures.Take(10)));
        Assert.True(bytesReport.Accepted > 0 && bytesReport.Rejected > Iterations / 2, bytesReport.ToString());
    }

    [Fact]
    public void A_non_witness_utxo_for_another_transaction_is_refused()
    {
        var psbt = SamplePsbt();
        var other = new Transaction();
        other.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 3)));
        other.Outputs.Add(new TxOut(Money.Satoshis(5), Script.Empty));

        var ex = Assert.Throws<ArgumentException>(() => psbt.Inputs[0].NonWitnessUtxo = other);

        Assert.Contains("does not match outpoint hash", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(psbt.Inputs[0].NonWitnessUtxo);
    }

    [Fact]
    public void The_global_transaction_is_a_copy()
    {
        var psbt = SamplePsbt();

        psbt.GetGlobalTransaction().Outputs[0].Value = Money.Satoshis(1);

        Assert.NotEqual(Money.Satoshis(1), psbt.Outputs[0].Value);
    }

    /// <summary>A one-input, two-output PSBT spending a P2WPKH coin, with its UTXO filled in.</summary>
    internal static PSBT SamplePsbt(Key? key = null)
    {
        key ??= new Key(Enumerable.Repeat((byte)9, 32).ToArray());
        var spk = PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(key.PubKey);
        var previous = new Transaction();
        previous.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 1)));
        previous.Outputs.Add(new TxOut(Money.Satoshis(50_000), spk));
        var tx = new Transaction();
        tx.Inputs.Add(new TxIn(new OutPoint(previous.GetHash(), 0)));
        tx.Outputs.Add(new TxOut(Money.Satoshis(30_000), spk));
        tx.Outputs.Add(new TxOut(Money.Satoshis(19_000), PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(new byte[20])));
        return PSBT.FromTransaction(tx, Network.RegTest).AddTransactions(previous);
    }

    private static int IndexOfGlobalSeparator(byte[] psbt)
    {
        // magic (5), key 0x01 0x00, value length as CompactSize, then the unsigned transaction.
        var position = 7;
        var length = psbt[position] < 0xfd ? psbt[position++] : throw new InvalidOperationException("The sample is small.");
        return position + length;
    }
}
