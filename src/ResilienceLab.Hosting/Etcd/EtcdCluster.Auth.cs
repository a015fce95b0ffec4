using Authpb;
using Etcdserverpb;
using Google.Protobuf;
using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Hosting;

public sealed partial class EtcdCluster
{
    /// <summary>
    /// Turns on etcd's authentication as a team's etcd runs it: a <c>root</c> user with <paramref name="rootPassword"/>
    /// (the role <c>root</c>), and each of <paramref name="users"/> with a role limited to its prefixes. Afterwards every
    /// call needs credentials (<c>EtcdStoreOptions.Username</c>); the cluster's own health probes do not.
    /// </summary>
    public async Task EnableAuthAsync(string rootPassword, IEnumerable<EtcdAuthUser> users, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootPassword);
        ArgumentNullException.ThrowIfNull(users);
        using var admin = EtcdEndpointRing.CreateClient(ClientEndpoints[0], _options.Tls?.Client);
        await admin.UserAddAsync(new AuthUserAddRequest { Name = RootUser, Password = rootPassword }, cancellationToken: cancellationToken);
        await admin.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = RootUser, Role = RootUser }, cancellationToken: cancellationToken);
        foreach (var user in users)
        {
            await admin.UserAddAsync(new AuthUserAddRequest { Name = user.Name, Password = user.Password }, cancellationToken: cancellationToken);
            await admin.RoleAddAsync(new AuthRoleAddRequest { Name = user.Name }, cancellationToken: cancellationToken);
            foreach (var prefix in user.ReadWritePrefixes)
            {
                var permission = new Permission { Key = ByteString.CopyFromUtf8(prefix), RangeEnd = PrefixEnd(prefix), PermType = Permission.Types.Type.Readwrite };
                await admin.RoleGrantPermissionAsync(new AuthRoleGrantPermissionRequest { Name = user.Name, Perm = permission }, cancellationToken: cancellationToken);
            }

            await admin.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = user.Name, Role = user.Name }, cancellationToken: cancellationToken);
        }

        await admin.AuthEnableAsync(new AuthEnableRequest(), cancellationToken: cancellationToken);
    }

    /// <summary>The user etcd requires before <c>auth enable</c>, as in the common Helm chart's <c>etcd-root-password</c>.</summary>
    public const string RootUser = "root";

    // etcd's prefix range end: the prefix with its last byte incremented (what etcdctl --prefix sends).
    private static ByteString PrefixEnd(string prefix)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes, 0, i + 1);
            }
        }

        return ByteString.CopyFrom(0);
    }
}
