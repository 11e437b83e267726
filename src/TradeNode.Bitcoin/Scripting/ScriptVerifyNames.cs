using System.Diagnostics.CodeAnalysis;

namespace TradeNode.Bitcoin.Scripting;

/// <summary>Bitcoin Core's names for <see cref="ScriptVerify"/> flags, as written in its test data ("P2SH,STRICTENC").</summary>
public static class ScriptVerifyNames
{
    private static readonly (string Name, ScriptVerify Flag)[] Names =
    [
        ("P2SH", ScriptVerify.P2SH),
        ("STRICTENC", ScriptVerify.StrictEnc),
        ("DERSIG", ScriptVerify.DerSig),
        ("LOW_S", ScriptVerify.LowS),
        ("NULLDUMMY", ScriptVerify.NullDummy),
        ("SIGPUSHONLY", ScriptVerify.SigPushOnly),
        ("MINIMALDATA", ScriptVerify.MinimalData),
        ("DISCOURAGE_UPGRADABLE_NOPS", ScriptVerify.DiscourageUpgradableNops),
        ("CLEANSTACK", ScriptVerify.CleanStack),
        ("CHECKLOCKTIMEVERIFY", ScriptVerify.CheckLockTimeVerify),
        ("CHECKSEQUENCEVERIFY", ScriptVerify.CheckSequenceVerify),
        ("WITNESS", ScriptVerify.Witness),
        ("DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM", ScriptVerify.DiscourageUpgradableWitnessProgram),
        ("MINIMALIF", ScriptVerify.MinimalIf),
        ("NULLFAIL", ScriptVerify.NullFail),
        ("WITNESS_PUBKEYTYPE", ScriptVerify.WitnessPubkeyType),
        ("CONST_SCRIPTCODE", ScriptVerify.ConstScriptCode),
        ("TAPROOT", ScriptVerify.Taproot),
        ("DISCOURAGE_UPGRADABLE_TAPROOT_VERSION", ScriptVerify.DiscourageUpgradableTaprootVersion),
        ("DISCOURAGE_OP_SUCCESS", ScriptVerify.DiscourageOpSuccess),
        ("DISCOURAGE_UPGRADABLE_PUBKEYTYPE", ScriptVerify.DiscourageUpgradablePubkeyType),
    ];

    /// <summary>Every single flag with its Core name, in bit order.</summary>
    public static IReadOnlyList<(string Name, ScriptVerify Flag)> All => Names;

    /// <summary>
    /// Parses a comma-separated list of Core flag names. The empty string and "NONE" give <see cref="ScriptVerify.None"/>;
    /// an unknown name throws <see cref="FormatException"/>.
    /// </summary>
    public static ScriptVerify Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flags = ScriptVerify.None;
        if (text.Length == 0 || text == "NONE")
        {
            return flags;
        }

        foreach (var word in text.Split(','))
        {
            var index = Array.FindIndex(Names, n => n.Name == word);
            if (index < 0)
            {
                throw new FormatException($"'{word}' is not a script verification flag name.");
            }

            flags |= Names[index].Flag;
        }

        return flags;
    }

    public static bool TryParse(string? text, out ScriptVerify flags)
    {
        flags = ScriptVerify.None;
        if (text is null)
        {
            return false;
        }

        try
        {
            flags = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The Core names of the set flags, comma-separated ("" for none).</summary>
    public static string Format(ScriptVerify flags) => string.Join(",", Names.Where(n => (flags & n.Flag) != 0).Select(n => n.Name));

    public static bool TryGetName(ScriptVerify flag, [NotNullWhen(true)] out string? name)
    {
        var index = Array.FindIndex(Names, n => n.Flag == flag);
        name = index < 0 ? null : Names[index].Name;
        return name is not null;
    }
}
