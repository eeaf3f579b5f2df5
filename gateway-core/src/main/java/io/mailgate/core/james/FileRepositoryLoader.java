package io.mailgate.core.james;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryLoader;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.file.FileMailRepository;

/**
 * Makes the mail repositories the chain names ({@code file://var/mail/error/}, the quarantine):
 * James's file repositories under the gateway's home, so that mail kept for an admin survives a
 * restart.
 */
final class FileRepositoryLoader implements MailRepositoryLoader {

    private final FileSystem fileSystem;

    FileRepositoryLoader(FileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    @Override
    public MailRepository load(String className, MailRepositoryUrl url) throws MailRepositoryStore.MailRepositoryStoreException {
        if (!FileMailRepository.class.getName().equals(className)) {
            throw new MailRepositoryStore.MailRepositoryStoreException("no repository of type " + className);
        }
        try {
            FileMailRepository repository = new FileMailRepository();
            repository.setFileSystem(fileSystem);
            BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
            config.addProperty("[@destinationURL]", url.asString());
            repository.configure(config);
            repository.init();
            return repository;
        } catch (Exception e) {
            throw new MailRepositoryStore.MailRepositoryStoreException("cannot open the repository " + url.asString(), e);
        }
    }
}
