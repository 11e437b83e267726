using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Chain.Regtest;

/// <summary>Script verification of transaction inputs with consensus or relay-policy flags.</summary>
public sealed partial class RegtestChain
{
    /// <summary>The flags every block enforces on regtest (all soft forks active from the start).</summary>
    private const ScriptVerify ConsensusFlags = ScriptVerify.Mandatory;

    /// <summary>The flags the mempool enforces (Core's STANDARD_SCRIPT_VERIFY_FLAGS).</summary>
    private const ScriptVerify PolicyFlags = ScriptVerify.Standard;

    /// <summary>Null when every input verifies, else Core's description of the first failure.</summary>
    private static string? VerifyScripts(Transaction transaction, IReadOnlyList<UtxoEntry> coins, ScriptVerify flags)
    {
        var error = TransactionVerifier.VerifyAll(transaction, coins.Select(c => c.Output).ToList(), flags, out _);
        return error == ScriptError.Ok ? null : error.ToCoreMessage();
    }
}
