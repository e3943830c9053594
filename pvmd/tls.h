/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

#ifndef PVMD_TLS_H
#define PVMD_TLS_H

/*
 * tls.c: the security foundation of daemon-to-daemon links.
 *
 * A virtual machine has one certificate authority (struct tls_ca), kept
 * by its user in a directory such as ~/.pvm/ (ca.pem 0644, ca.key 0600).
 * Every host of the machine gets credentials (struct tls_cred): a host
 * certificate signed by that CA, its private key and the CA certificate,
 * the only trust anchor.  A struct tls_ctx is the TLS 1.3 context built
 * from credentials; both ends of a link present their certificate and
 * verify the other's (mutual authentication), and tls_peer_name() tells
 * who is on the other end once the handshake is done.
 *
 * Only tls.c includes OpenSSL headers; all three structs are opaque.
 * Functions that can fail return -1 or NULL and, when cause is not NULL,
 * set *cause to a message the caller frees.  Nothing is left half made
 * on failure: every object allocated so far is freed.
 */

#include <stddef.h>

struct bufferevent;
struct event_base;
struct tls_ca;
struct tls_cred;
struct tls_ctx;

#define TLS_CA_CERT_FILE	"ca.pem"
#define TLS_CA_KEY_FILE		"ca.key"
#define TLS_PEM_MAX		(64 * 1024)	/* largest PEM text read */
#define TLS_NAME_MAX		64		/* longest host name (CN) */
#define TLS_CA_DAYS		3650		/* CA validity */
#define TLS_HOST_DAYS		365		/* default host validity */

/*
 * Create a new CA: an EC P-256 key and a self-signed X.509 v3 CA
 * certificate ("PVM CA <vmid> <user>@<host>", 10 years, random serial).
 * Returns NULL (with *cause) if OpenSSL fails.
 */
struct tls_ca	*tls_ca_create(const char *vmid, const char *user,
		    const char *host, char **cause);

/*
 * Save a CA as dir/ca.pem (0644) and dir/ca.key (0600, created with that
 * mode, never following a symbolic link, never replacing a file).  dir is
 * created 0700 if missing; it must belong to the user and not be writable
 * by others.  Returns 0, or -1 with *cause and no file left behind.
 */
int		 tls_ca_save(struct tls_ca *, const char *dir, char **cause);

/* Load the CA saved in dir by tls_ca_save(); see tls_ca_load_files(). */
struct tls_ca	*tls_ca_load(const char *dir, char **cause);

/*
 * Load a CA from a certificate and a key file.  The key file must be a
 * regular file (not a symbolic link) owned by the user with no group or
 * other permissions; the certificate must be a CA certificate matching
 * the key.  Returns NULL with *cause otherwise.
 */
struct tls_ca	*tls_ca_load_files(const char *certfile, const char *keyfile,
		    char **cause);

/* Return the CA certificate as PEM text (caller frees), NULL on error. */
char		*tls_ca_cert_pem(struct tls_ca *);

/* Free a CA (NULL is allowed). */
void		 tls_ca_free(struct tls_ca *);

/*
 * Issue credentials for host name (CN = name; subjectAltName IP if name
 * is an IPv4/IPv6 address, else DNS; extendedKeyUsage serverAuth and
 * clientAuth) signed by ca.  The certificate is valid for days (0 means
 * TLS_HOST_DAYS) starting one hour before now + offset seconds; a
 * negative offset gives certificates already expired, for tests.  The
 * name is at most TLS_NAME_MAX bytes of letters, digits, '-', '.', '_'
 * (or ':' in an IPv6 address).  Returns NULL with *cause on error.
 */
struct tls_cred	*tls_cred_issue(struct tls_ca *ca, const char *name, int days,
		    long offset, char **cause);

/*
 * Build credentials from PEM text, touching no file: certificate, private
 * key and CA certificate (the trust anchor).  cert and key may both be
 * NULL, which gives credentials that trust the CA but have no identity:
 * a pvmd refuses such a peer (they exist to test that).  The key must
 * match the certificate; the chain is not checked (see tls_cred_verify).
 * Each text is at most TLS_PEM_MAX bytes.  Returns NULL with *cause.
 */
struct tls_cred	*tls_cred_from_pem(const char *cert, const char *key,
		    const char *ca, char **cause);

/*
 * Load credentials from files (configuration may name them); the key
 * file is checked as in tls_ca_load_files().  Returns NULL with *cause.
 */
struct tls_cred	*tls_cred_load_files(const char *certfile, const char *keyfile,
		    const char *cafile, char **cause);

/*
 * Return the PEM text of the certificate, key and CA certificate in
 * *cert, *key and *ca (any may be NULL to skip it; the caller frees them
 * and should clear *key first).  Returns 0, or -1 with nothing returned.
 */
int		 tls_cred_pem(struct tls_cred *, char **cert, char **key,
		    char **ca);

/*
 * Check the certificate against the CA certificate, as a peer would
 * (signature, validity dates, client and server purpose).  Returns 0, or
 * -1 with *cause naming the reason.
 */
int		 tls_cred_verify(struct tls_cred *, char **cause);

/* Return the CN of the credentials' certificate (caller frees) or NULL. */
char		*tls_cred_name(struct tls_cred *);

/* Free credentials (NULL is allowed); the key is cleared. */
void		 tls_cred_free(struct tls_cred *);

/*
 * Build the TLS context of daemon links from credentials (which may be
 * freed afterwards): TLS 1.3 only, our certificate and key, the CA as the
 * only trust anchor, a peer certificate required on both sides, no
 * session resumption.  Returns NULL with *cause.
 */
struct tls_ctx	*tls_ctx_new(struct tls_cred *, char **cause);

/* Free a context; links already made with it keep working. */
void		 tls_ctx_free(struct tls_ctx *);

/*
 * Wrap the connected socket fd in a TLS bufferevent on base, as the server
 * (accepting) side if server is nonzero, else as the client.  The
 * bufferevent owns fd (BEV_OPT_CLOSE_ON_FREE).  The caller sets its
 * callbacks: the handshake ends with BEV_EVENT_CONNECTED, or with
 * BEV_EVENT_ERROR / BEV_EVENT_EOF when it fails (see tls_error()).
 * With TLS 1.3 the client reports BEV_EVENT_CONNECTED before the server
 * has checked the client's certificate: a refused client learns it only
 * at its next read (BEV_EVENT_ERROR).  So the client side must not treat
 * the link as accepted before the server's first frame has arrived.
 * Returns NULL with *cause on failure; fd is then the caller's to close.
 */
struct bufferevent *tls_bufferevent(struct event_base *, struct tls_ctx *,
		    int fd, int server, char **cause);

/*
 * Return the CN of the peer of a TLS bufferevent whose handshake has
 * completed and whose certificate was verified (caller frees), or NULL if
 * there is no such peer or its CN is missing, repeated or malformed.
 */
char		*tls_peer_name(struct bufferevent *);

/*
 * Write into buf (len bytes) a one-line explanation of why a TLS
 * bufferevent failed, for log lines: the TLS errors it queued and the
 * certificate verification result.  Returns buf.
 */
const char	*tls_error(struct bufferevent *, char *buf, size_t len);

#endif /* PVMD_TLS_H */
