using System.Text.Json;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Scripting;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Scripting;

public class ScriptInterpreterTests(ITestOutputHelper output)
{
    private const int ScriptTestCount = 1233;

    /// <summary>The internal key of the generated taproot outputs (BIP340 test vector 0's public key).</summary>
    private static readonly byte[] InternalKey = Convert.FromHexString("F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9");

    [Fact]
    public void Every_script_test_of_bitcoin_core_gives_the_expected_result()
    {
        var rows = VectorFile.ReadCoreRows("bitcoin-core/script_tests.json");
        var failures = new List<string>();
        var skipped = new Dictionary<string, int>();
        var passed = 0;
        var random = new Random(20261201);
        foreach (var row in rows)
        {
            var test = ScriptTestCase.FromRow(row);
            if (test.SkipReason is { } reason)
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }

            var flags = test.Flags;
            if ((flags & ScriptVerify.CleanStack) != 0)
            {
                flags |= ScriptVerify.P2SH | ScriptVerify.Witness;
            }

            var result = test.Run(flags);
            if (result != test.Expected)
            {
                failures.Add($"{ScriptErrorNames.GetName(result)} where {ScriptErrorNames.GetName(test.Expected)} expected: {row}");
                continue;
            }

            // As Core's DoTest: removing flags from a passing case or adding flags to a failing one keeps the outcome.
            var expectOk = test.Expected == ScriptError.Ok;
            for (var i = 0; i < 4; i++)
            {
                var extra = (ScriptVerify)(uint)random.Next(1 << 16);
                var combined = expectOk ? flags & ~extra : flags | extra;
                if (((combined & ScriptVerify.CleanStack) != 0 && (combined & ScriptVerify.Witness) == 0)
                    || ((combined & ScriptVerify.Witness) != 0 && (combined & ScriptVerify.P2SH) == 0))
                {
                    continue;
                }

                if ((test.Run(combined) == ScriptError.Ok) != expectOk)
                {
                    failures.Add($"with flags {ScriptVerifyNames.Format(combined)} the outcome changed: {row}");
                }
            }

            passed++;
        }

        output.WriteLine($"script_tests.json: {rows.Count} cases, {passed} passed, {failures.Count} failed, {skipped.Values.Sum()} skipped");
        foreach (var (reason, count) in skipped)
        {
            output.WriteLine($"  skipped {count}: {reason}");
        }

        foreach (var failure in failures.Take(50))
        {
            output.WriteLine(failure);
        }

        Assert.Equal(ScriptTestCount, rows.Count);
        Assert.Empty(failures);
        Assert.Equal(ScriptTestCount, passed + skipped.Values.Sum());
    }

    [Fact]
    public void Flag_names_round_trip_and_unknown_names_are_rejected()
    {
        var flags = ScriptVerifyNames.Parse("P2SH,STRICTENC,WITNESS,CONST_SCRIPTCODE");

        Assert.Equal(ScriptVerify.P2SH | ScriptVerify.StrictEnc | ScriptVerify.Witness | ScriptVerify.ConstScriptCode, flags);
        Assert.Equal("P2SH,STRICTENC,WITNESS,CONST_SCRIPTCODE", ScriptVerifyNames.Format(flags));
        Assert.Equal(ScriptVerify.None, ScriptVerifyNames.Parse("NONE"));
        Assert.Equal(1u << 16, (uint)ScriptVerify.ConstScriptCode);
        Assert.Throws<FormatException>(() => ScriptVerifyNames.Parse("P2SH,NOT_A_FLAG"));
        Assert.False(ScriptVerifyNames.TryParse("p2sh", out _));
    }

    [Fact]
    public void Error_names_round_trip_and_unknown_names_are_rejected()
    {
        foreach (var error in Enum.GetValues<ScriptError>())
        {
            Assert.Equal(error, ScriptErrorNames.Parse(ScriptErrorNames.GetName(error)));
        }

        Assert.Equal("NULLFAIL", ScriptErrorNames.GetName(ScriptError.SigNullFail));
        Assert.Throws<FormatException>(() => ScriptErrorNames.Parse("NOT_AN_ERROR"));
    }

    [Fact]
    public void Standard_flags_are_bitcoin_cores_policy_set()
    {
        var expected = ScriptVerifyNames.Parse(
            "P2SH,STRICTENC,DERSIG,LOW_S,NULLDUMMY,MINIMALDATA,DISCOURAGE_UPGRADABLE_NOPS,CLEANSTACK,CHECKLOCKTIMEVERIFY,"
            + "CHECKSEQUENCEVERIFY,WITNESS,DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,MINIMALIF,NULLFAIL,WITNESS_PUBKEYTYPE,"
            + "CONST_SCRIPTCODE,TAPROOT,DISCOURAGE_UPGRADABLE_TAPROOT_VERSION,DISCOURAGE_OP_SUCCESS,DISCOURAGE_UPGRADABLE_PUBKEYTYPE");

        Assert.Equal(ScriptVerify.Standard, expected);
    }

    [Fact]
    public void Cleanstack_without_witness_is_a_caller_error()
    {
        Assert.Throws<ArgumentException>(() => ScriptInterpreter.VerifyScript(
            Script.Empty, Script.Parse("1"), null, ScriptVerify.P2SH | ScriptVerify.CleanStack, NullSignatureChecker.Instance, out _));
    }

    /// <summary>One row of script_tests.json: [[wit..., amount]?, scriptSig, scriptPubKey, flags, error, comment?].</summary>
    private sealed record ScriptTestCase(Script ScriptSig, Script ScriptPubKey, WitScript Witness, Money Amount, ScriptVerify Flags, ScriptError Expected, string? SkipReason)
    {
        public static ScriptTestCase FromRow(JsonElement row)
        {
            var offset = 0;
            var witness = WitScript.Empty;
            var amount = Money.Zero;
            string? taprootOutput = null;
            if (row[0].ValueKind == JsonValueKind.Array)
            {
                offset = 1;
                var items = row[0].EnumerateArray().ToList();
                amount = Money.Satoshis((long)decimal.Round(items[^1].GetDecimal() * Money.CoinSatoshis));
                var pushes = new List<byte[]>();
                foreach (var item in items.SkipLast(1).Select(i => i.GetString()!))
                {
                    if (item.StartsWith("#SCRIPT#", StringComparison.Ordinal))
                    {
                        // A tapscript leaf written as script text.
                        pushes.Add(Script.Parse(item["#SCRIPT#".Length..]).ToBytes());
                    }
                    else if (item == "#CONTROLBLOCK#")
                    {
                        // As Core: a tree with the previous element as its only leaf, under a fixed internal key.
                        var leafHash = Taproot.ComputeLeafHash(Taproot.LeafVersionTapscript, pushes[^1]);
                        var outputKey = TaprootTweak.ComputeOutputKey(InternalKey, leafHash, out var oddY);
                        pushes.Add([(byte)(Taproot.LeafVersionTapscript | (oddY ? 1 : 0)), .. InternalKey]);
                        taprootOutput = "0x" + Convert.ToHexStringLower(outputKey);
                    }
                    else
                    {
                        pushes.Add(Convert.FromHexString(item));
                    }
                }

                witness = new WitScript(pushes);
            }

            var scriptPubKey = row[offset + 1].GetString()!;
            if (taprootOutput is not null)
            {
                scriptPubKey = scriptPubKey.Replace("#TAPROOTOUTPUT#", taprootOutput, StringComparison.Ordinal);
            }

            return new ScriptTestCase(
                Script.Parse(row[offset].GetString()!),
                Script.Parse(scriptPubKey),
                witness,
                amount,
                ScriptVerifyNames.Parse(row[offset + 2].GetString()!),
                ScriptErrorNames.Parse(row[offset + 3].GetString()!),
                null);
        }

        /// <summary>Builds Core's crediting and spending transactions and verifies the spend.</summary>
        public ScriptError Run(ScriptVerify flags)
        {
            var credit = new Transaction { Version = 1, LockTime = 0 };
            credit.Inputs.Add(new TxIn(OutPoint.Null, new Script([0x00, 0x00])));
            credit.Outputs.Add(new TxOut(Amount, ScriptPubKey));

            var spend = new Transaction { Version = 1, LockTime = 0 };
            spend.Inputs.Add(new TxIn(new OutPoint(credit.GetHash(), 0), ScriptSig) { WitScript = Witness });
            spend.Outputs.Add(new TxOut(Amount, Script.Empty));

            var checker = new TransactionSignatureChecker(spend, 0, Amount, new PrecomputedTransactionData(spend, [credit.Outputs[0]]));
            ScriptInterpreter.VerifyScript(ScriptSig, ScriptPubKey, Witness, flags, checker, out var error);
            return error;
        }
    }
}
