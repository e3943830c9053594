/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * TLS for daemon links: the virtual machine CA, host credentials, the
 * TLS 1.3 context with mutual certificate authentication, and TLS
 * bufferevents.  This is the only file that includes OpenSSL headers;
 * see tls.h for the interface.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "log.h"
#include "xmalloc.h"
#include "tls.h"

/* Certificates start this long before "now", for clock skew. */
#define TLS_SKEW	3600
/* Bits of the random serial number (RFC 5280: at most 20 octets). */
#define TLS_SERIAL_BITS	159

struct tls_ca {
	X509		*cert;
	EVP_PKEY	*key;
};

struct tls_cred {
	X509		*cert;		/* NULL for trust-only credentials */
	EVP_PKEY	*key;
	X509		*ca;
};

struct tls_ctx {
	SSL_CTX		*ssl;
};

static void	 tls_cause(char **, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 tls_nopass(char *, int, int, void *);
static EVP_PKEY	*tls_keygen(char **);
static X509	*tls_cert_new(X509_NAME *, EVP_PKEY *, const char *, int,
		    long, char **);
static int	 tls_add_ext(X509 *, X509 *, int, const char *, char **);
static int	 tls_add_san(X509 *, const char *, int, char **);
static int	 tls_check_name(const char *, int *, char **);
static int	 tls_read_file(const char *, int, char **, char **);
static int	 tls_write_file(const char *, const char *, const char *,
		    mode_t, char **);
static int	 tls_check_dir(const char *, char **);
static X509	*tls_pem_cert(const char *, const char *, char **);
static EVP_PKEY	*tls_pem_key(const char *, const char *, char **);
static char	*tls_bio_text(BIO *);
static char	*tls_cert_text(X509 *);
static char	*tls_key_text(EVP_PKEY *);
static char	*tls_x509_cn(X509 *);
static void	 tls_append(char *, size_t, const char *);

/*
 * Set *cause (if cause is not NULL) from fmt; if ssl is nonzero, append
 * the first queued OpenSSL error.  The OpenSSL error queue is cleared.
 */
static void
tls_cause(char **cause, int ssl, const char *fmt, ...)
{
	va_list		 ap;
	char		*msg, err[256];
	unsigned long	 e;

	e = ssl ? ERR_get_error() : 0;
	ERR_clear_error();
	if (cause == NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatalx("vasprintf failed");
	va_end(ap);
	if (!ssl)
		*cause = msg;
	else {
		if (e != 0)
			ERR_error_string_n(e, err, sizeof err);
		else
			snprintf(err, sizeof err, "unknown TLS library error");
		xasprintf(cause, "%s: %s", msg, err);
		free(msg);
	}
}

/* Refuse to ask for a passphrase: our keys are never encrypted. */
static int
tls_nopass(char *buf, int size, int rwflag, void *arg)
{
	return (0);
}

/* Generate an EC P-256 key. */
static EVP_PKEY *
tls_keygen(char **cause)
{
	EVP_PKEY	*key;

	key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (key == NULL)
		tls_cause(cause, 1, "cannot generate a key");
	return (key);
}

/*
 * Make an unsigned X.509 v3 certificate for key with subject CN cn, a
 * random serial and validity [now + offset - TLS_SKEW, now + offset +
 * days]; the issuer is issuer, or the subject itself if issuer is NULL.
 */
static X509 *
tls_cert_new(X509_NAME *issuer, EVP_PKEY *key, const char *cn, int days,
    long offset, char **cause)
{
	X509		*x;
	X509_NAME	*name;
	BIGNUM		*bn = NULL;
	ASN1_INTEGER	*serial = NULL;

	if ((x = X509_new()) == NULL) {
		tls_cause(cause, 1, "cannot make a certificate");
		return (NULL);
	}
	if (X509_set_version(x, X509_VERSION_3) != 1)
		goto bad;
	if ((bn = BN_new()) == NULL ||
	    BN_rand(bn, TLS_SERIAL_BITS, BN_RAND_TOP_ONE,
	    BN_RAND_BOTTOM_ANY) != 1 ||
	    (serial = BN_to_ASN1_INTEGER(bn, NULL)) == NULL ||
	    X509_set_serialNumber(x, serial) != 1)
		goto bad;
	if (X509_gmtime_adj(X509_getm_notBefore(x), offset - TLS_SKEW) ==
	    NULL || X509_time_adj_ex(X509_getm_notAfter(x), days, offset,
	    NULL) == NULL)
		goto bad;
	name = X509_get_subject_name(x);
	if (X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0) != 1)
		goto bad;
	if (X509_set_issuer_name(x, issuer != NULL ? issuer : name) != 1)
		goto bad;
	if (X509_set_pubkey(x, key) != 1)
		goto bad;
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	return (x);

bad:
	tls_cause(cause, 1, "cannot make a certificate for \"%s\"", cn);
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	X509_free(x);
	return (NULL);
}

/* Add extension nid with the configuration text value to x. */
static int
tls_add_ext(X509 *x, X509 *issuer, int nid, const char *value, char **cause)
{
	X509V3_CTX	 ctx;
	X509_EXTENSION	*ext;
	int		 r;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (ext == NULL) {
		tls_cause(cause, 1, "cannot add extension %s", value);
		return (-1);
	}
	r = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	if (r != 1) {
		tls_cause(cause, 1, "cannot add extension %s", value);
		return (-1);
	}
	return (0);
}

/*
 * Add a subjectAltName with name, an IP address if ip is nonzero, else a
 * DNS name.  Built directly, not from configuration text, so that no
 * character of name can add another entry.
 */
static int
tls_add_san(X509 *x, const char *name, int ip, char **cause)
{
	GENERAL_NAMES		*names;
	GENERAL_NAME		*gn = NULL;
	ASN1_OCTET_STRING	*addr = NULL;
	ASN1_IA5STRING		*dns = NULL;

	if ((names = sk_GENERAL_NAME_new_null()) == NULL ||
	    (gn = GENERAL_NAME_new()) == NULL)
		goto bad;
	if (ip) {
		if ((addr = a2i_IPADDRESS(name)) == NULL)
			goto bad;
		GENERAL_NAME_set0_value(gn, GEN_IPADD, addr);
	} else {
		if ((dns = ASN1_IA5STRING_new()) == NULL ||
		    ASN1_STRING_set(dns, name, -1) != 1) {
			ASN1_IA5STRING_free(dns);
			goto bad;
		}
		GENERAL_NAME_set0_value(gn, GEN_DNS, dns);
	}
	if (sk_GENERAL_NAME_push(names, gn) == 0)
		goto bad;
	gn = NULL;
	if (X509_add1_ext_i2d(x, NID_subject_alt_name, names, 0,
	    X509V3_ADD_DEFAULT) != 1)
		goto bad;
	GENERAL_NAMES_free(names);
	return (0);

bad:
	tls_cause(cause, 1, "cannot add subjectAltName %s", name);
	GENERAL_NAME_free(gn);
	GENERAL_NAMES_free(names);
	return (-1);
}

/* Check a host name for a certificate; set *ip if it is an address. */
static int
tls_check_name(const char *name, int *ip, char **cause)
{
	unsigned char	 addr[16];
	size_t		 len, i;
	int		 c;

	len = strnlen(name, TLS_NAME_MAX + 1);
	if (len == 0 || len > TLS_NAME_MAX) {
		tls_cause(cause, 0, "bad host name length (1 to %d bytes)",
		    TLS_NAME_MAX);
		return (-1);
	}
	if (inet_pton(AF_INET, name, addr) == 1 ||
	    inet_pton(AF_INET6, name, addr) == 1) {
		*ip = 1;
		return (0);
	}
	*ip = 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)name[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')
			continue;
		tls_cause(cause, 0, "bad character in host name");
		return (-1);
	}
	return (0);
}

/*
 * Read at most TLS_PEM_MAX bytes of path into *data (NUL terminated,
 * caller frees).  If secret is nonzero the file must not be a symbolic
 * link, must belong to the user and must have no group or other
 * permissions.  Returns 0 or -1 with *cause.
 */
static int
tls_read_file(const char *path, int secret, char **data, char **cause)
{
	struct stat	 sb;
	char		*buf;
	size_t		 have = 0;
	ssize_t		 n;
	int		 fd, flags;

	flags = O_RDONLY|O_NOCTTY|O_CLOEXEC|O_NONBLOCK;
	if (secret)
		flags |= O_NOFOLLOW;
	if ((fd = open(path, flags)) == -1) {
		if (errno == ELOOP && secret)
			tls_cause(cause, 0, "%s: is a symbolic link, refused",
			    path);
		else
			tls_cause(cause, 0, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) == -1) {
		tls_cause(cause, 0, "%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	if (!S_ISREG(sb.st_mode)) {
		tls_cause(cause, 0, "%s: not a regular file", path);
		close(fd);
		return (-1);
	}
	if (secret && sb.st_uid != geteuid()) {
		tls_cause(cause, 0, "%s: not owned by uid %ld, refused", path,
		    (long)geteuid());
		close(fd);
		return (-1);
	}
	if (secret && (sb.st_mode & (S_IRWXG|S_IRWXO)) != 0) {
		tls_cause(cause, 0, "%s: mode %03o lets others access the "
		    "private key, refused (chmod 600 it)", path,
		    (unsigned int)(sb.st_mode & 0777));
		close(fd);
		return (-1);
	}
	if (sb.st_size > TLS_PEM_MAX) {
		tls_cause(cause, 0, "%s: larger than %d bytes", path,
		    TLS_PEM_MAX);
		close(fd);
		return (-1);
	}
	buf = xmalloc(TLS_PEM_MAX + 1);
	for (;;) {
		n = read(fd, buf + have, TLS_PEM_MAX + 1 - have);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			tls_cause(cause, 0, "%s: %s", path, strerror(errno));
			goto bad;
		}
		if (n == 0)
			break;
		have += n;
		if (have > TLS_PEM_MAX) {
			tls_cause(cause, 0, "%s: larger than %d bytes", path,
			    TLS_PEM_MAX);
			goto bad;
		}
	}
	close(fd);
	buf[have] = '\0';
	*data = buf;
	return (0);

bad:
	explicit_bzero(buf, TLS_PEM_MAX + 1);
	free(buf);
	close(fd);
	return (-1);
}

/*
 * Create dir/name with mode, refusing to follow a symbolic link or to
 * replace an existing file, and write data into it.  On failure the file
 * is removed.  Returns 0 or -1 with *cause.
 */
static int
tls_write_file(const char *dir, const char *name, const char *data,
    mode_t mode, char **cause)
{
	char	*path;
	size_t	 len, done = 0;
	ssize_t	 n;
	int	 fd;

	xasprintf(&path, "%s/%s", dir, name);
	fd = open(path, O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode);
	if (fd == -1) {
		tls_cause(cause, 0, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	len = strlen(data);
	while (done < len) {
		n = write(fd, data + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto bad;
		done += n;
	}
	if (fsync(fd) == -1)
		goto bad;
	if (close(fd) == -1) {
		fd = -1;
		goto bad;
	}
	free(path);
	return (0);

bad:
	tls_cause(cause, 0, "%s: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(path);
	free(path);
	return (-1);
}

/* Create dir (0700) if missing; it must be ours and not open to others. */
static int
tls_check_dir(const char *dir, char **cause)
{
	struct stat	sb;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		tls_cause(cause, 0, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	if (stat(dir, &sb) == -1) {
		tls_cause(cause, 0, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	if (!S_ISDIR(sb.st_mode)) {
		tls_cause(cause, 0, "%s: not a directory", dir);
		return (-1);
	}
	if (sb.st_uid != geteuid() || (sb.st_mode & (S_IWGRP|S_IWOTH)) != 0) {
		tls_cause(cause, 0, "%s: not owned by uid %ld or writable by "
		    "others, refused", dir, (long)geteuid());
		return (-1);
	}
	return (0);
}

/* A memory BIO over PEM text of bounded length; what names it. */
static BIO *
tls_pem_bio(const char *pem, const char *what, char **cause)
{
	BIO	*bio;

	if (strnlen(pem, TLS_PEM_MAX + 1) > TLS_PEM_MAX) {
		tls_cause(cause, 0, "%s: longer than %d bytes", what,
		    TLS_PEM_MAX);
		return (NULL);
	}
	if ((bio = BIO_new_mem_buf(pem, -1)) == NULL)
		tls_cause(cause, 1, "%s", what);
	return (bio);
}

/* Parse one PEM certificate; what names it in the error message. */
static X509 *
tls_pem_cert(const char *pem, const char *what, char **cause)
{
	BIO	*bio;
	X509	*x;

	if ((bio = tls_pem_bio(pem, what, cause)) == NULL)
		return (NULL);
	x = PEM_read_bio_X509(bio, NULL, tls_nopass, NULL);
	BIO_free(bio);
	if (x == NULL)
		tls_cause(cause, 1, "%s: bad certificate", what);
	return (x);
}

/* Parse one unencrypted PEM private key; what names it in messages. */
static EVP_PKEY *
tls_pem_key(const char *pem, const char *what, char **cause)
{
	BIO		*bio;
	EVP_PKEY	*key;

	if ((bio = tls_pem_bio(pem, what, cause)) == NULL)
		return (NULL);
	key = PEM_read_bio_PrivateKey(bio, NULL, tls_nopass, NULL);
	BIO_free(bio);
	if (key == NULL)
		tls_cause(cause, 1, "%s: bad private key", what);
	return (key);
}

/* Copy the contents of a memory BIO into a new string; NULL if none. */
static char *
tls_bio_text(BIO *bio)
{
	char	*data, *s;
	long	 len;

	len = BIO_get_mem_data(bio, &data);
	if (len <= 0)
		return (NULL);
	s = xmalloc((size_t)len + 1);
	memcpy(s, data, len);
	s[len] = '\0';
	return (s);
}

/* Return a certificate as PEM text, or NULL. */
static char *
tls_cert_text(X509 *x)
{
	BIO	*bio;
	char	*s = NULL;

	if ((bio = BIO_new(BIO_s_mem())) == NULL)
		return (NULL);
	if (PEM_write_bio_X509(bio, x) == 1)
		s = tls_bio_text(bio);
	BIO_free(bio);
	ERR_clear_error();
	return (s);
}

/* Return a private key as unencrypted PKCS#8 PEM text, or NULL. */
static char *
tls_key_text(EVP_PKEY *key)
{
	BIO	*bio;
	char	*s = NULL, *data;
	long	 len;

	if ((bio = BIO_new(BIO_s_secmem())) == NULL)
		return (NULL);
	if (PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL,
	    NULL) == 1)
		s = tls_bio_text(bio);
	len = BIO_get_mem_data(bio, &data);
	if (len > 0)
		OPENSSL_cleanse(data, len);
	BIO_free(bio);
	ERR_clear_error();
	return (s);
}

/* Return the only CN of a certificate as a string, or NULL. */
static char *
tls_x509_cn(X509 *x)
{
	X509_NAME	*name;
	ASN1_STRING	*data;
	unsigned char	*utf8;
	char		*s;
	int		 i, len;

	name = X509_get_subject_name(x);
	if ((i = X509_NAME_get_index_by_NID(name, NID_commonName, -1)) < 0)
		return (NULL);
	if (X509_NAME_get_index_by_NID(name, NID_commonName, i) >= 0)
		return (NULL);
	data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
	if ((len = ASN1_STRING_to_UTF8(&utf8, data)) < 0) {
		ERR_clear_error();
		return (NULL);
	}
	if (len == 0 || (size_t)len != strlen((char *)utf8)) {
		OPENSSL_free(utf8);
		return (NULL);
	}
	s = xstrdup((char *)utf8);
	OPENSSL_free(utf8);
	return (s);
}

/* Append "; s" (or s if buf is empty) to buf, truncating. */
static void
tls_append(char *buf, size_t len, const char *s)
{
	size_t	used;

	used = strlen(buf);
	if (used + 1 >= len)
		return;
	snprintf(buf + used, len - used, "%s%s", used != 0 ? "; " : "", s);
}

/* Create a new virtual machine CA (see tls.h). */
struct tls_ca *
tls_ca_create(const char *vmid, const char *user, const char *host,
    char **cause)
{
	struct tls_ca	*ca;
	char		 cn[TLS_NAME_MAX + 1];

	/* A CN is at most 64 characters: truncate (on a byte boundary). */
	snprintf(cn, sizeof cn, "PVM CA %s %s@%s", vmid, user, host);
	ca = xcalloc(1, sizeof *ca);
	if ((ca->key = tls_keygen(cause)) == NULL)
		goto bad;
	ca->cert = tls_cert_new(NULL, ca->key, cn, TLS_CA_DAYS, 0, cause);
	if (ca->cert == NULL)
		goto bad;
	if (tls_add_ext(ca->cert, NULL, NID_basic_constraints,
	    "critical,CA:TRUE,pathlen:0", cause) != 0 ||
	    tls_add_ext(ca->cert, NULL, NID_key_usage,
	    "critical,keyCertSign,cRLSign", cause) != 0 ||
	    tls_add_ext(ca->cert, NULL, NID_subject_key_identifier, "hash",
	    cause) != 0)
		goto bad;
	if (X509_sign(ca->cert, ca->key, EVP_sha256()) <= 0) {
		tls_cause(cause, 1, "cannot sign the CA certificate");
		goto bad;
	}
	log_debug("created CA \"%s\"", cn);
	return (ca);

bad:
	tls_ca_free(ca);
	return (NULL);
}

/* Save a CA in dir as ca.pem and ca.key (see tls.h). */
int
tls_ca_save(struct tls_ca *ca, const char *dir, char **cause)
{
	char	*cert, *key, *path;

	if (tls_check_dir(dir, cause) != 0)
		return (-1);
	if ((cert = tls_cert_text(ca->cert)) == NULL ||
	    (key = tls_key_text(ca->key)) == NULL) {
		free(cert);
		tls_cause(cause, 0, "cannot encode the CA");
		return (-1);
	}
	if (tls_write_file(dir, TLS_CA_KEY_FILE, key, 0600, cause) != 0)
		goto bad;
	if (tls_write_file(dir, TLS_CA_CERT_FILE, cert, 0644, cause) != 0) {
		xasprintf(&path, "%s/%s", dir, TLS_CA_KEY_FILE);
		unlink(path);
		free(path);
		goto bad;
	}
	explicit_bzero(key, strlen(key));
	free(key);
	free(cert);
	return (0);

bad:
	explicit_bzero(key, strlen(key));
	free(key);
	free(cert);
	return (-1);
}

/* Load the CA saved in dir (see tls.h). */
struct tls_ca *
tls_ca_load(const char *dir, char **cause)
{
	struct tls_ca	*ca;
	char		*cert, *key;

	xasprintf(&cert, "%s/%s", dir, TLS_CA_CERT_FILE);
	xasprintf(&key, "%s/%s", dir, TLS_CA_KEY_FILE);
	ca = tls_ca_load_files(cert, key, cause);
	free(key);
	free(cert);
	return (ca);
}

/* Load a CA from a certificate file and a private key file (see tls.h). */
struct tls_ca *
tls_ca_load_files(const char *certfile, const char *keyfile, char **cause)
{
	struct tls_ca	*ca;
	char		*text;

	ca = xcalloc(1, sizeof *ca);
	if (tls_read_file(certfile, 0, &text, cause) != 0)
		goto bad;
	ca->cert = tls_pem_cert(text, certfile, cause);
	free(text);
	if (ca->cert == NULL)
		goto bad;
	if (X509_check_ca(ca->cert) == 0) {
		tls_cause(cause, 0, "%s: not a CA certificate", certfile);
		goto bad;
	}
	if (tls_read_file(keyfile, 1, &text, cause) != 0)
		goto bad;
	ca->key = tls_pem_key(text, keyfile, cause);
	explicit_bzero(text, strlen(text));
	free(text);
	if (ca->key == NULL)
		goto bad;
	if (X509_check_private_key(ca->cert, ca->key) != 1) {
		tls_cause(cause, 0, "%s: key does not match %s", keyfile,
		    certfile);
		goto bad;
	}
	return (ca);

bad:
	tls_ca_free(ca);
	return (NULL);
}

/* Return the CA certificate as PEM text (see tls.h). */
char *
tls_ca_cert_pem(struct tls_ca *ca)
{
	return (tls_cert_text(ca->cert));
}

/* Free a CA. */
void
tls_ca_free(struct tls_ca *ca)
{
	if (ca == NULL)
		return;
	X509_free(ca->cert);
	EVP_PKEY_free(ca->key);
	free(ca);
}

/* Issue host credentials signed by a CA (see tls.h). */
struct tls_cred *
tls_cred_issue(struct tls_ca *ca, const char *name, int days, long offset,
    char **cause)
{
	struct tls_cred	*cred;
	int		 ip;

	if (tls_check_name(name, &ip, cause) != 0)
		return (NULL);
	if (days == 0)
		days = TLS_HOST_DAYS;
	if (days < 0 || days > 100 * 366) {
		tls_cause(cause, 0, "bad certificate validity: %d days", days);
		return (NULL);
	}
	cred = xcalloc(1, sizeof *cred);
	if (X509_up_ref(ca->cert) != 1) {
		tls_cause(cause, 1, "cannot reference the CA");
		goto bad;
	}
	cred->ca = ca->cert;
	if ((cred->key = tls_keygen(cause)) == NULL)
		goto bad;
	cred->cert = tls_cert_new(X509_get_subject_name(ca->cert), cred->key,
	    name, days, offset, cause);
	if (cred->cert == NULL)
		goto bad;
	if (tls_add_ext(cred->cert, ca->cert, NID_basic_constraints,
	    "critical,CA:FALSE", cause) != 0 ||
	    tls_add_ext(cred->cert, ca->cert, NID_key_usage,
	    "critical,digitalSignature", cause) != 0 ||
	    tls_add_ext(cred->cert, ca->cert, NID_ext_key_usage,
	    "serverAuth,clientAuth", cause) != 0 ||
	    tls_add_ext(cred->cert, ca->cert, NID_subject_key_identifier,
	    "hash", cause) != 0 ||
	    tls_add_ext(cred->cert, ca->cert, NID_authority_key_identifier,
	    "keyid:always", cause) != 0 ||
	    tls_add_san(cred->cert, name, ip, cause) != 0)
		goto bad;
	if (X509_sign(cred->cert, ca->key, EVP_sha256()) <= 0) {
		tls_cause(cause, 1, "cannot sign the certificate of %s", name);
		goto bad;
	}
	log_debug("issued certificate for %s (%d days)", name, days);
	return (cred);

bad:
	tls_cred_free(cred);
	return (NULL);
}

/* Build credentials from PEM text (see tls.h). */
struct tls_cred *
tls_cred_from_pem(const char *cert, const char *key, const char *ca,
    char **cause)
{
	struct tls_cred	*cred;

	if ((cert == NULL) != (key == NULL) || ca == NULL) {
		tls_cause(cause, 0, "incomplete credentials");
		return (NULL);
	}
	cred = xcalloc(1, sizeof *cred);
	if ((cred->ca = tls_pem_cert(ca, "CA certificate", cause)) == NULL)
		goto bad;
	if (X509_check_ca(cred->ca) == 0) {
		tls_cause(cause, 0, "CA certificate: not a CA");
		goto bad;
	}
	if (cert == NULL)
		return (cred);
	if ((cred->cert = tls_pem_cert(cert, "certificate", cause)) == NULL)
		goto bad;
	if ((cred->key = tls_pem_key(key, "private key", cause)) == NULL)
		goto bad;
	if (X509_check_private_key(cred->cert, cred->key) != 1) {
		tls_cause(cause, 0, "private key does not match certificate");
		goto bad;
	}
	return (cred);

bad:
	tls_cred_free(cred);
	return (NULL);
}

/* Load credentials from files (see tls.h). */
struct tls_cred *
tls_cred_load_files(const char *certfile, const char *keyfile,
    const char *cafile, char **cause)
{
	struct tls_cred	*cred = NULL;
	char		*cert = NULL, *key = NULL, *ca = NULL, *why = NULL;

	if (tls_read_file(certfile, 0, &cert, cause) != 0 ||
	    tls_read_file(keyfile, 1, &key, cause) != 0 ||
	    tls_read_file(cafile, 0, &ca, cause) != 0)
		goto out;
	cred = tls_cred_from_pem(cert, key, ca, &why);
	if (cred == NULL && cause != NULL)
		xasprintf(cause, "%s, %s, %s: %s", certfile, keyfile, cafile,
		    why);
	free(why);
out:
	if (key != NULL)
		explicit_bzero(key, strlen(key));
	free(key);
	free(cert);
	free(ca);
	return (cred);
}

/* Return the PEM text of credentials (see tls.h). */
int
tls_cred_pem(struct tls_cred *cred, char **cert, char **key, char **ca)
{
	char	*c = NULL, *k = NULL, *a = NULL;

	if (cert != NULL &&
	    (cred->cert == NULL || (c = tls_cert_text(cred->cert)) == NULL))
		goto bad;
	if (key != NULL &&
	    (cred->key == NULL || (k = tls_key_text(cred->key)) == NULL))
		goto bad;
	if (ca != NULL && (a = tls_cert_text(cred->ca)) == NULL)
		goto bad;
	if (cert != NULL)
		*cert = c;
	if (key != NULL)
		*key = k;
	if (ca != NULL)
		*ca = a;
	return (0);

bad:
	free(c);
	if (k != NULL)
		explicit_bzero(k, strlen(k));
	free(k);
	free(a);
	return (-1);
}

/* Verify credentials against their CA, as a peer would (see tls.h). */
int
tls_cred_verify(struct tls_cred *cred, char **cause)
{
	X509_STORE	*store;
	X509_STORE_CTX	*ctx = NULL;
	const char	*purpose[] = { "ssl_server", "ssl_client" };
	size_t		 i;
	int		 r = -1, err;

	if (cred->cert == NULL) {
		tls_cause(cause, 0, "no certificate");
		return (-1);
	}
	if ((store = X509_STORE_new()) == NULL ||
	    X509_STORE_add_cert(store, cred->ca) != 1) {
		tls_cause(cause, 1, "cannot make a certificate store");
		goto out;
	}
	X509_STORE_set_flags(store, X509_V_FLAG_X509_STRICT);
	for (i = 0; i < sizeof purpose / sizeof purpose[0]; i++) {
		if ((ctx = X509_STORE_CTX_new()) == NULL ||
		    X509_STORE_CTX_init(ctx, store, cred->cert, NULL) != 1 ||
		    X509_STORE_CTX_set_default(ctx, purpose[i]) != 1) {
			tls_cause(cause, 1, "cannot verify");
			goto out;
		}
		if (X509_verify_cert(ctx) != 1) {
			err = X509_STORE_CTX_get_error(ctx);
			tls_cause(cause, 0, "certificate verify failed: %s",
			    X509_verify_cert_error_string(err));
			goto out;
		}
		X509_STORE_CTX_free(ctx);
		ctx = NULL;
	}
	r = 0;
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	ERR_clear_error();
	return (r);
}

/* Return the CN of the credentials' certificate (see tls.h). */
char *
tls_cred_name(struct tls_cred *cred)
{
	if (cred->cert == NULL)
		return (NULL);
	return (tls_x509_cn(cred->cert));
}

/* Free credentials. */
void
tls_cred_free(struct tls_cred *cred)
{
	if (cred == NULL)
		return;
	X509_free(cred->cert);
	EVP_PKEY_free(cred->key);
	X509_free(cred->ca);
	free(cred);
}

/* Build the TLS context of daemon links (see tls.h). */
struct tls_ctx *
tls_ctx_new(struct tls_cred *cred, char **cause)
{
	static const unsigned char	 sid[] = "pvmd";
	struct tls_ctx			*ctx;
	X509_STORE			*store;

	ctx = xcalloc(1, sizeof *ctx);
	if ((ctx->ssl = SSL_CTX_new(TLS_method())) == NULL) {
		tls_cause(cause, 1, "cannot make a TLS context");
		goto bad;
	}
	if (SSL_CTX_set_min_proto_version(ctx->ssl, TLS1_3_VERSION) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx->ssl, TLS1_3_VERSION) != 1) {
		tls_cause(cause, 1, "cannot require TLS 1.3");
		goto bad;
	}
	if (cred->cert != NULL) {
		if (SSL_CTX_use_certificate(ctx->ssl, cred->cert) != 1 ||
		    SSL_CTX_use_PrivateKey(ctx->ssl, cred->key) != 1 ||
		    SSL_CTX_check_private_key(ctx->ssl) != 1) {
			tls_cause(cause, 1, "cannot use the certificate");
			goto bad;
		}
	}

	/* Trust only the virtual machine CA, never the system store. */
	if ((store = X509_STORE_new()) == NULL) {
		tls_cause(cause, 1, "cannot make a certificate store");
		goto bad;
	}
	if (X509_STORE_add_cert(store, cred->ca) != 1) {
		X509_STORE_free(store);
		tls_cause(cause, 1, "cannot add the CA certificate");
		goto bad;
	}
	X509_STORE_set_flags(store, X509_V_FLAG_X509_STRICT);
	SSL_CTX_set_cert_store(ctx->ssl, store);
	SSL_CTX_set_verify(ctx->ssl,
	    SSL_VERIFY_PEER|SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	SSL_CTX_set_verify_depth(ctx->ssl, 2);

	/* Links are long lived: no session cache, no tickets. */
	SSL_CTX_set_session_cache_mode(ctx->ssl, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_options(ctx->ssl, SSL_OP_NO_TICKET);
	SSL_CTX_set_num_tickets(ctx->ssl, 0);
	if (SSL_CTX_set_session_id_context(ctx->ssl, sid,
	    sizeof sid - 1) != 1) {
		tls_cause(cause, 1, "cannot set the session context");
		goto bad;
	}
	return (ctx);

bad:
	tls_ctx_free(ctx);
	return (NULL);
}

/* Free a TLS context. */
void
tls_ctx_free(struct tls_ctx *ctx)
{
	if (ctx == NULL)
		return;
	SSL_CTX_free(ctx->ssl);
	free(ctx);
}

/* Wrap a connected socket in a TLS bufferevent (see tls.h). */
struct bufferevent *
tls_bufferevent(struct event_base *base, struct tls_ctx *ctx, int fd,
    int server, char **cause)
{
	struct bufferevent	*bev;
	SSL			*ssl;

	if (fd < 0) {
		tls_cause(cause, 0, "bad socket");
		return (NULL);
	}
	if ((ssl = SSL_new(ctx->ssl)) == NULL) {
		tls_cause(cause, 1, "cannot make a TLS connection");
		return (NULL);
	}
	/*
	 * On failure libevent may already have freed ssl (and closed fd),
	 * so ssl is not freed here: that path is allocation failure only.
	 */
	bev = bufferevent_openssl_socket_new(base, fd, ssl,
	    server ? BUFFEREVENT_SSL_ACCEPTING : BUFFEREVENT_SSL_CONNECTING,
	    BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		tls_cause(cause, 1, "cannot make a TLS bufferevent");
		return (NULL);
	}
	return (bev);
}

/* Return the CN of the verified peer of a TLS bufferevent (see tls.h). */
char *
tls_peer_name(struct bufferevent *bev)
{
	SSL	*ssl;
	X509	*x;

	if ((ssl = bufferevent_openssl_get_ssl(bev)) == NULL)
		return (NULL);
	if (!SSL_is_init_finished(ssl))
		return (NULL);
	if (SSL_get_verify_result(ssl) != X509_V_OK)
		return (NULL);
	if ((x = SSL_get0_peer_certificate(ssl)) == NULL)
		return (NULL);
	return (tls_x509_cn(x));
}

/* Explain why a TLS bufferevent failed, for log lines (see tls.h). */
const char *
tls_error(struct bufferevent *bev, char *buf, size_t len)
{
	SSL		*ssl;
	unsigned long	 e;
	long		 v;
	char		 tmp[256];

	if (len == 0)
		return (buf);
	*buf = '\0';
	while ((e = bufferevent_get_openssl_error(bev)) != 0) {
		/* libevent also queues SSL_get_error() codes: skip those. */
		if (ERR_GET_LIB(e) == 0)
			continue;
		ERR_error_string_n(e, tmp, sizeof tmp);
		tls_append(buf, len, tmp);
	}
	ssl = bufferevent_openssl_get_ssl(bev);
	if (ssl != NULL && (v = SSL_get_verify_result(ssl)) != X509_V_OK) {
		snprintf(tmp, sizeof tmp, "peer certificate: %s",
		    X509_verify_cert_error_string(v));
		tls_append(buf, len, tmp);
	}
	if (*buf == '\0') {
		if (ssl != NULL && !SSL_is_init_finished(ssl))
			snprintf(buf, len, "connection closed during TLS "
			    "handshake");
		else
			snprintf(buf, len, "connection closed");
	}
	return (buf);
}
