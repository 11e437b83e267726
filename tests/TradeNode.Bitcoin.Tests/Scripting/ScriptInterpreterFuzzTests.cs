using System.Text.Json;
using TradeNode.Bitcoin.Scripting;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Scripting;

/// <summary>Mutated scripts and witnesses only ever give a result and an error code, never an exception.</summary>
public class ScriptInterpreterFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 4000;

    [Fact]
    public void Mutated_scripts_and_witnesses_never_throw()
    {
        var seeds = VectorFile.ReadCoreRows("bitcoin-core/script_tests.json")
            .Where(row => row[0].ValueKind != JsonValueKind.Array || !row[0].EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString()!.StartsWith('#')))
            .Select(row => row[0].ValueKind == JsonValueKind.Array ? (row[1].GetString()!, row[2].GetString()!) : (row[0].GetString()!, row[1].GetString()!))
            .Select(pair => (Script.Parse(pair.Item1).ToBytes(), Script.Parse(pair.Item2).ToBytes()))
            .ToList();
        var random = new Random(424242);
        var outcomes = new Dictionary<ScriptError, int>();
        for (var i = 0; i < Iterations; i++)
        {
            var (sig, pub) = seeds[random.Next(seeds.Count)];
            var scriptSig = new Script(Mutate(sig, random));
            var scriptPubKey = i % 4 == 0
                ? new Script([(byte)(random.Next(2) == 0 ? 0x00 : 0x51), 0x20, .. RandomBytes(random, 32)])
                : new Script(Mutate(pub, random));
            var witness = new WitScript(Enumerable.Range(0, random.Next(4)).Select(_ => Mutate(random.Next(2) == 0 ? pub : sig, random)));
            var flags = (ScriptVerify)((uint)random.Next() & (uint)ScriptVerify.All);
            if ((flags & ScriptVerify.CleanStack) != 0)
            {
                flags |= ScriptVerify.Witness;
            }

            if ((flags & ScriptVerify.Witness) != 0)
            {
                flags |= ScriptVerify.P2SH;
            }

            var spend = new Transaction { Version = 2 };
            spend.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0), scriptSig) { WitScript = witness });
            spend.Outputs.Add(new TxOut(Money.Satoshis(1), Script.Empty));
            var spent = new TxOut(Money.Satoshis(2), scriptPubKey);

            var ok = ScriptInterpreter.VerifyScript(scriptSig, scriptPubKey, witness, flags, new TransactionSignatureChecker(spend, 0, spent.Value, new PrecomputedTransactionData(spend, [spent])), out var error);

            Assert.Equal(ok, error == ScriptError.Ok);
            outcomes[error] = outcomes.GetValueOrDefault(error) + 1;
        }

        output.WriteLine($"{Iterations} mutated spends: " + string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{ScriptErrorNames.GetName(o.Key)} {o.Value}")));
        Assert.True(outcomes.Count > 10, "the mutations should reach many different errors");
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = input.ToList();
        var edits = random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(4))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(random.Next(bytes.Count));
                    break;
                default:
                    bytes.AddRange(RandomBytes(random, random.Next(8)));
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
