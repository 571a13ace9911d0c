package ru.mcu.marshrut.cluster;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The JGroups protocol stack of a Marshrut cluster: Infinispan's own TCP stack with static discovery (TCPPING)
 * instead of multicast, which data-centre networks rarely route. FD_SOCK2 notices a killed member as soon as its
 * socket closes; FD_ALL3 one that hangs.
 */
public final class JGroupsStack {

    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.:_-]+\\[\\d{1,5}]");

    private JGroupsStack() {
    }

    public static String tcp(String bindAddress, int bindPort, List<String> members, int fdOffset) {
        for (String m : members) {
            if (!MEMBER.matcher(m.strip()).matches()) {
                throw new IllegalStateException("marshrut.cluster.members: \"" + m + "\" is not host[port]");
            }
        }
        if (!bindAddress.matches("[A-Za-z0-9.:_-]+")) {
            throw new IllegalStateException("marshrut.cluster.bind-address: \"" + bindAddress + "\" is not an address");
        }
        String hosts = String.join(",", members.stream().map(String::strip).toList());
        return """
                <config xmlns="urn:org:jgroups">
                  <TCP bind_addr="%s" bind_port="%d" port_range="0" sock_conn_timeout="300" tcp_nodelay="true"
                       bundler_type="transfer-queue" thread_pool.min_threads="0" thread_pool.max_threads="200"
                       thread_pool.keep_alive_time="60000" diag.enabled="false"/>
                  <RED/>
                  <TCPPING initial_hosts="%s" port_range="0" send_cache_on_join="true"/>
                  <MERGE3 min_interval="10000" max_interval="30000"/>
                  <FD_SOCK2 offset="%d"/>
                  <FD_ALL3 timeout="10000" interval="2000"/>
                  <VERIFY_SUSPECT2 timeout="1000"/>
                  <pbcast.NAKACK2 use_mcast_xmit="false" xmit_interval="200"/>
                  <UNICAST3 conn_close_timeout="5000" xmit_interval="200"/>
                  <pbcast.STABLE desired_avg_gossip="5000" max_bytes="1M"/>
                  <pbcast.GMS print_local_addr="false" join_timeout="2000"/>
                  <UFC max_credits="4m" min_threshold="0.40"/>
                  <MFC max_credits="4m" min_threshold="0.40"/>
                  <FRAG4 frag_size="60000"/>
                </config>
                """.formatted(bindAddress, bindPort, hosts, fdOffset);
    }
}
