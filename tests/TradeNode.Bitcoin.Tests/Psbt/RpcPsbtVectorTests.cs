using System.Text.Json;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Bitcoin.Serialization;
using Xunit.Abstractions;
using static TradeNode.Bitcoin.Tests.Psbt.PsbtTestData;

namespace TradeNode.Bitcoin.Tests.Psbt;

/// <summary>
/// Bitcoin Core's PSBT vectors (Vectors/bitcoin-core/rpc_psbt.json). They mix version 0 and PSBTv2 (BIP370): the
/// version 0 ones must behave as in Core; every PSBTv2 one must be refused, because this library reads version 0 only.
/// </summary>
public class RpcPsbtVectorTests(ITestOutputHelper output)
{
    private static readonly JsonElement Vectors = VectorFile.ReadJson("bitcoin-core/rpc_psbt.json");

    [Fact]
    public void Every_invalid_psbt_is_rejected_and_every_v2_one_is_refused_as_v2()
    {
        var cases = Vectors.GetProperty("invalid").EnumerateArray().Select(e => e.GetString()!).ToList();
        var failures = new List<string>();
        var v2 = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var version = DeclaredVersion(cases[i]);
            var ex = Record.Exception(() => PSBT.Parse(cases[i], Network.RegTest));
            if (ex is not FormatException || ex.Message.Length < 20)
            {
                failures.Add($"invalid[{i}]: {(ex is null ? "accepted" : ex.GetType().Name + ": " + ex.Message)}");
                continue;
            }

            if (version > 0)
            {
                v2++;
                if (!ex.Message.Contains("not supported", StringComparison.Ordinal))
                {
                    failures.Add($"invalid[{i}] declares version {version} but was not refused for it: {ex.Message}");
                }
            }

            output.WriteLine($"invalid[{i}]{(version > 0 ? $" (v{version})" : string.Empty)}: {ex.Message}");
        }

        output.WriteLine($"rpc_psbt invalid: {cases.Count - failures.Count} of {cases.Count} rejected, {v2} of them declare version > 0 and were refused as such");
        Assert.Equal(63, cases.Count);
        Assert.Empty(failures);
        Assert.Equal(10, v2);
    }

    [Fact]
    public void Every_invalid_psbt_with_a_message_fails_for_the_stated_reason()
    {
        var cases = Vectors.GetProperty("invalid_with_msg").EnumerateArray().ToList();
        var failures = new List<string>();
        int v0 = 0, v2 = 0;
        foreach (var vector in cases)
        {
            var text = vector[0].GetString()!;
            var expected = vector[1].GetString()!;
            var ex = Record.Exception(() => PSBT.Parse(text, Network.RegTest));
            if (ex is not FormatException)
            {
                failures.Add($"'{expected}': {(ex is null ? "accepted" : ex.GetType().Name + ": " + ex.Message)}");
                continue;
            }

            if (DeclaredVersion(text) > 0)
            {
                // Core's reason is a PSBTv2 rule; here the whole version is refused first.
                v2++;
                output.WriteLine($"v2 refused (Core: '{expected}'): {ex.Message}");
                if (!ex.Message.Contains("PSBTv2", StringComparison.Ordinal))
                {
                    failures.Add($"'{expected}': not refused as PSBTv2: {ex.Message}");
                }

                continue;
            }

            v0++;
            output.WriteLine($"'{expected}': {ex.Message}");
            if (!ex.Message.Contains(expected, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"'{expected}': the message was '{ex.Message}'");
            }
        }

        output.WriteLine($"rpc_psbt invalid_with_msg: {v0} version 0 cases with Core's reason, {v2} PSBTv2 cases refused, {failures.Count} failures");
        Assert.Equal(23, cases.Count);
        Assert.Equal(20, v0);
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_valid_v0_psbt_round_trips_and_every_v2_one_is_refused()
    {
        var cases = Vectors.GetProperty("valid").EnumerateArray().Select(e => e.GetString()!).ToList();
        var failures = new List<string>();
        int exact = 0, canonical = 0, v2 = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            if (DeclaredVersion(cases[i]) > 0)
            {
                v2++;
                var refused = Assert.Throws<FormatException>(() => PSBT.Parse(cases[i], Network.RegTest));
                Assert.Contains("PSBTv2", refused.Message, StringComparison.Ordinal);
                continue;
            }

            if (!PSBT.TryParse(cases[i], Network.RegTest, out var psbt))
            {
                failures.Add($"valid[{i}] rejected: {Record.Exception(() => PSBT.Parse(cases[i], Network.RegTest))?.Message}");
                continue;
            }

            var written = psbt.ToBase64();
            if (written == cases[i])
            {
                exact++;
            }
            else if (PSBT.Parse(written, Network.RegTest).ToBase64() == written && psbt.Clone().ToBase64() == written)
            {
                // Same fields, written in Core's canonical order (an explicit version field that came first).
                canonical++;
                output.WriteLine($"valid[{i}]: re-serialized in canonical field order");
            }
            else
            {
                failures.Add($"valid[{i}]: the round trip is not stable");
            }
        }

        output.WriteLine($"rpc_psbt valid: {exact} v0 round-trip byte for byte, {canonical} v0 round-trip in canonical order, {v2} PSBTv2 refused (not supported), {failures.Count} failures");
        Assert.Equal(48, cases.Count);
        Assert.Empty(failures);
        Assert.Equal(34, exact + canonical);
    }

    [Fact]
    public void Signer_cases_produce_cores_results()
    {
        var cases = Vectors.GetProperty("signer").EnumerateArray().ToList();
        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var psbt = PSBT.Parse(cases[i].GetProperty("psbt").GetString()!, Network.RegTest);
            var keys = cases[i].GetProperty("privkeys").EnumerateArray().Select(k => KeyFromWif(k.GetString()!)).ToArray();
            var refusal = Record.Exception(() => psbt.SignWithKeys(keys));
            if (refusal is not null and not PSBTException)
            {
                failures.Add($"signer[{i}]: {refusal.GetType().Name}: {refusal.Message}");
                continue;
            }

            var expected = cases[i].GetProperty("result").GetString()!;
            if (refusal is PSBTException)
            {
                // A refusal is right only where Core produced nothing either.
                output.WriteLine($"signer[{i}]: refused ({refusal.Message})");
                if (expected != cases[i].GetProperty("psbt").GetString())
                {
                    failures.Add($"signer[{i}]: refused but Core signed: {refusal.Message}");
                }

                continue;
            }

            if (psbt.ToBase64() != expected)
            {
                failures.Add($"signer[{i}]: the signed PSBT differs from Core's");
            }
        }

        output.WriteLine($"rpc_psbt signer: {cases.Count - failures.Count} of {cases.Count} match");
        Assert.Equal(6, cases.Count);
        Assert.Empty(failures);
    }

    [Fact]
    public void Creator_case_produces_cores_psbt()
    {
        var creator = Vectors.GetProperty("creator")[0];
        Assert.Equal(0, creator.GetProperty("version").GetInt32());
        var tx = new Transaction { Version = 2 };
        foreach (var input in creator.GetProperty("inputs").EnumerateArray())
        {
            tx.Inputs.Add(new TxIn(new OutPoint(UInt256.Parse(input.GetProperty("txid").GetString()!), input.GetProperty("vout").GetUInt32())));
        }

        foreach (var outputJson in creator.GetProperty("outputs").EnumerateArray())
        {
            var destination = outputJson.EnumerateObject().Single();
            var address = BitcoinAddress.Create(destination.Name, Network.RegTest);
            tx.Outputs.Add(new TxOut(Money.Coins(destination.Value.GetDecimal()), address.ScriptPubKey));
        }

        var psbt = PSBT.FromTransaction(tx, Network.RegTest);

        Assert.Equal(creator.GetProperty("result").GetString(), psbt.ToBase64());
        output.WriteLine("rpc_psbt creator 1/1 matches");
    }

    [Fact]
    public void Combiner_finalizer_and_extractor_cases_produce_cores_results()
    {
        var combiner = Vectors.GetProperty("combiner")[0];
        var parts = combiner.GetProperty("combine").EnumerateArray().Select(p => PSBT.Parse(p.GetString()!, Network.RegTest)).ToList();
        var combined = parts.Skip(1).Aggregate(parts[0], (all, next) => all.Combine(next));
        Assert.Equal(combiner.GetProperty("result").GetString(), combined.ToBase64());

        var finalizer = Vectors.GetProperty("finalizer")[0];
        var finalized = PSBT.Parse(finalizer.GetProperty("finalize").GetString()!, Network.RegTest).Finalize();
        Assert.Equal(finalizer.GetProperty("result").GetString(), finalized.ToBase64());

        var extractor = Vectors.GetProperty("extractor")[0];
        var extracted = PSBT.Parse(extractor.GetProperty("extract").GetString()!, Network.RegTest).ExtractTransaction();
        Assert.Equal(extractor.GetProperty("result").GetString(), extracted.ToHex());
        output.WriteLine("rpc_psbt combiner 1/1, finalizer 1/1, extractor 1/1 match");
    }

    /// <summary>
    /// The PSBT_GLOBAL_VERSION a PSBT declares (0 when absent), read straight from the global map, independently of
    /// the parser under test; -1 when the text is not even a well-formed global map.
    /// </summary>
    private static long DeclaredVersion(string base64)
    {
        try
        {
            var reader = new BitcoinReader(Convert.FromBase64String(base64)) { Position = 5 };
            while (true)
            {
                var key = reader.ReadVarBytes();
                if (key.Length == 0)
                {
                    return 0;
                }

                var value = reader.ReadVarBytes();
                if (key is [0xfb] && value.Length == 4)
                {
                    return BitConverter.ToUInt32(value);
                }
            }
        }
        catch (FormatException)
        {
            return -1;
        }
    }
}
