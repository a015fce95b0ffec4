namespace ResilienceLab.Hosting;

/// <summary>Defaults of <see cref="ChildProcess"/>.</summary>
public static class ChildProcessConstants
{
    /// <summary>Lines of output kept per child for error messages.</summary>
    public const int DefaultOutputLinesKept = 50;

    /// <summary>util-linux's setpriv, on the machine image and in Debian's util-linux package.</summary>
    public const string SetprivPath = "/usr/bin/setpriv";
}
