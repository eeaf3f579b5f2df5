package io.mailgate.core.reputation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mailbox provider groups (Gmail, Microsoft, Yahoo, Mail.ru, Yandex …) that the REP-2 figures
 * are split by, read from {@code provider-groups.txt}: a next hop is recognised by its MX host name,
 * a recipient by its domain. Group 0 is "other".
 */
public final class ProviderGroups {

    public static final String OTHER = "other";

    private final List<String> names = new ArrayList<>(List.of(OTHER));
    private final Map<String, Integer> byMxName = new HashMap<>();
    private final Map<String, Integer> byDomain = new HashMap<>();

    private ProviderGroups() {
    }

    public static ProviderGroups standard() {
        try (InputStream in = ProviderGroups.class.getResourceAsStream("provider-groups.txt")) {
            if (in == null) {
                throw new IllegalStateException("provider-groups.txt is missing from the gateway's classes");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProviderGroups parse(BufferedReader lines) throws IOException {
        ProviderGroups groups = new ProviderGroups();
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split("\\s+");
            if (fields.length < 3 || !(fields[1].equals("mx") || fields[1].equals("domain"))) {
                throw new IllegalArgumentException("provider-groups.txt line " + number + ": expected 'group mx|domain name...'");
            }
            int index = groups.names.indexOf(fields[0]);
            if (index < 0) {
                index = groups.names.size();
                groups.names.add(fields[0]);
            }
            Map<String, Integer> target = fields[1].equals("mx") ? groups.byMxName : groups.byDomain;
            for (int i = 2; i < fields.length; i++) {
                target.putIfAbsent(fields[i].toLowerCase(Locale.ROOT), index);
            }
        }
        return groups;
    }

    public int size() {
        return names.size();
    }

    public String name(int group) {
        return names.get(group);
    }

    /** The index of the group named {@code name}, or -1. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** The group of the next hop {@code host} (an MX name), or 0. */
    public int ofMxHost(String host) {
        return lookup(byMxName, host);
    }

    /** The group of a recipient address or domain, or 0. */
    public int ofRecipient(String addressOrDomain) {
        int at = addressOrDomain.lastIndexOf('@');
        return lookup(byDomain, at < 0 ? addressOrDomain : addressOrDomain.substring(at + 1));
    }

    /** The name itself, then each parent: "mx1.eu.google.com" finds "google.com". */
    private static int lookup(Map<String, Integer> names, String name) {
        if (name == null || name.isEmpty()) {
            return 0;
        }
        String candidate = name.toLowerCase(Locale.ROOT);
        if (candidate.endsWith(".")) {
            candidate = candidate.substring(0, candidate.length() - 1);
        }
        while (true) {
            Integer group = names.get(candidate);
            if (group != null) {
                return group;
            }
            int dot = candidate.indexOf('.');
            if (dot < 0) {
                return 0;
            }
            candidate = candidate.substring(dot + 1);
        }
    }
}
